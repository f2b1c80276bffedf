/**
 * Calls to our own server. The CMS's data never goes this way (that is the SDK's host proxy); this port carries
 * what only the server knows: Personalize experiences (type, status, split, audiences) and projects.
 */
import type { Result } from '../cma/result';

export interface ExperienceVariantSummary {
  shortUid: string;
  name: string;
  /** The CMS variant this experience variant is mirrored to, when mirrored. */
  cmsVariantUid?: string | undefined;
  /** A/B tests: the share of traffic (percent). */
  trafficDistribution?: number | undefined;
  /** Segmented experiences: the audiences' names. */
  audienceNames?: string[] | undefined;
}

export interface ExperienceSummary {
  uid: string;
  shortUid: string;
  name: string;
  type: 'SEGMENTED' | 'AB_TEST';
  status: string;
  variantGroupUid?: string | undefined;
  variants: ExperienceVariantSummary[];
}

export interface PersonalizeProject {
  uid: string;
  name: string;
}

export interface ConnectionReport {
  serverReachable: boolean;
  sessionOk: boolean;
  message: string;
}

export interface BridgePort {
  /** Experiences of the installation's Personalize project. */
  experiences(): Promise<Result<ExperienceSummary[]>>;
  /** Projects the installation may pick (connected to this stack), in the given region. */
  personalizeProjects(serverUrl: string, region: string): Promise<Result<PersonalizeProject[]>>;
  testConnection(serverUrl: string): Promise<Result<ConnectionReport>>;
}
