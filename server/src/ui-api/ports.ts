// The narrow ports the UI API reads through: only the calls it makes. http-readers.ts implements the Personalize and
// CMA ones over HTTP (the sandbox's in tests); mirror-status.ts reads the mirror engine's state and queue.
import type { GuardReport, MirrorJob, SyncRecord } from '@pb/shared';

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

/** One entry variant's address: the entry, in one locale. */
export interface EntryVariantRef {
  contentTypeUid: string;
  entryUid: string;
  locale: string;
}

/** An entry variant as read: the merged entry's top-level fields and the paths the variant overrides. */
export interface EntryVariantView {
  fields: Record<string, unknown>;
  changeSet: string[];
}

/**
 * The CMA writes the UI API makes when a person asks (moving entry variants after a remap, unlinking an orphaned
 * group's content types), and the reads they need beyond StackReader. Writes take the budget's write tokens.
 */
export interface StackEditor {
  /** Every entry of the content type (all pages: a move must not stop at the coverage cap). */
  entryUids(contentTypeUid: string): Promise<string[]>;
  /** The stack's locale codes. */
  locales(): Promise<string[]>;
  /** null when the entry has no entry variant of that variant in that locale. */
  readEntryVariant(ref: EntryVariantRef, variantUid: string): Promise<EntryVariantView | null>;
  writeEntryVariant(ref: EntryVariantRef, variantUid: string, variant: EntryVariantView): Promise<void>;
  deleteEntryVariant(ref: EntryVariantRef, variantUid: string): Promise<void>;
  /** `PUT /variant_groups/{uid}`: the name is required and must be the group's current one. */
  unlinkContentTypes(groupUid: string, currentName: string, contentTypeUids: string[]): Promise<void>;
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
  /** The guard's sync record of each experience of the project. */
  syncRecords(projectUid: string): Promise<Map<string, SyncRecord>>;
  reports(projectUid: string): Promise<Map<string, GuardReport[]>>;
  jobs(projectUid: string): Promise<Map<string, MirrorJobFacts>>;
}

/** Per CMS variant uid, per content type: entry uids that have an entry variant (the assignments engine's table). */
export type CoverageTable = Record<string, Record<string, string[]>>;

export interface CoverageTableSource {
  coverage(projectUid: string): Promise<CoverageTable | null>;
  /** Live experiences the assignments engine left out, and why (an audience it cannot evaluate, for one). */
  notServed(projectUid: string): Promise<Map<string, string>>;
}

export interface QueuePort {
  enqueueMirror(job: MirrorJob): Promise<void>;
  /** Job counts per queue and state, of the given stack's jobs only. */
  counts(stackApiKey: string): Promise<Record<string, Record<string, number>>>;
}
