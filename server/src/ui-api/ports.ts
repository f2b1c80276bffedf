// The narrow ports the UI API reads through: only the calls it makes. http-readers.ts implements the Personalize and
// CMA ones over HTTP (the sandbox's in tests); mirror-status.ts reads the mirror engine's state and queue.
import type { MirrorJob } from '@pb/shared';

export interface ExperienceView {
  uid: string;
  shortUid: string;
  name: string;
  description: string;
  type: 'SEGMENTED' | 'AB_TEST';
  latestVersion: string | null;
  cmsLink: { variantGroup: string; variants: Record<string, string> } | null;
  contentTypes: string[];
}

export interface VersionView {
  uid: string;
  status: string;
  variants: {
    shortUid: string;
    name: string;
    trafficDistribution?: number | undefined;
    audiences?: string[] | undefined;
  }[];
}

export interface PersonalizeReader {
  listExperiences(): Promise<ExperienceView[]>;
  listVersions(experienceUid: string): Promise<VersionView[]>;
  /** Audience names by uid. */
  audienceNames(): Promise<Map<string, string>>;
  /** Projects connected to the stack. */
  listProjects(stackApiKey: string): Promise<{ uid: string; name: string }[]>;
}

export interface GroupView {
  uid: string;
  name: string;
  contentTypes: string[];
  metadata: { projectUid: string; experienceUid: string; status: string } | null;
  /** `shortUid`: the Personalize variant the CMS variant mirrors, from its metadata. */
  variants: { uid: string; name: string; shortUid: string | null }[];
}

export interface StackReader {
  listGroups(): Promise<GroupView[]>;
  listEntries(contentTypeUid: string): Promise<{ uid: string; title: string }[]>;
  /** CMS variant uids with an entry variant on this entry. */
  entryVariantUids(contentTypeUid: string, entryUid: string): Promise<string[]>;
}

export interface MirrorJobFacts {
  /** A job is waiting, delayed (a retry included) or running. */
  pending: boolean;
  /** The reason of the latest failed attempt, when the latest job failed (or is retrying after a failure). */
  failure: string | null;
  /** When the latest successful mirror finished (ms epoch), if the queue still remembers it. */
  lastMirroredAt: number | null;
}

export interface MirrorStatusSource {
  fingerprints(projectUid: string): Promise<Map<string, string>>;
  reports(projectUid: string): Promise<Map<string, unknown>>;
  jobs(projectUid: string): Promise<Map<string, MirrorJobFacts>>;
}

/** Per CMS variant uid, per content type: entry uids that have an entry variant (the assignments engine's table). */
export type CoverageTable = Record<string, Record<string, string[]>>;

export interface CoverageTableSource {
  coverage(projectUid: string): Promise<CoverageTable | null>;
}

export interface QueuePort {
  enqueueMirror(job: MirrorJob): Promise<void>;
  /** Job counts per queue and state, of the given stack's jobs only. */
  counts(stackApiKey: string): Promise<Record<string, Record<string, number>>>;
}
