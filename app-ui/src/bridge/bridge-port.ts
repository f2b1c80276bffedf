/**
 * Calls to our own server. The CMS's data never goes this way (that is the SDK's host proxy); this port carries
 * what only the server knows: Personalize experiences (type, status, split, audiences) and projects.
 */
import type { Result } from '../core/result';

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
  /** The sync guard's state, when the server sent it (the sidebar shows it on the group's card). */
  mirror?: MirrorStatus | undefined;
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

export interface BridgePort extends ExperiencesPagePort {
  /** Experiences of the installation's Personalize project. */
  experiences(): Promise<Result<ExperienceSummary[]>>;
  /** Projects the installation may pick (connected to this stack), in the given region. */
  personalizeProjects(serverUrl: string, region: string): Promise<Result<PersonalizeProject[]>>;
  testConnection(serverUrl: string): Promise<Result<ConnectionReport>>;
}

// ---- The experiences page (GET /api/ui/experiences?include=coverage, /queues, /experiences/:uid/results) ----

/** The states this build knows; `MirrorStatus.state` may carry others from a newer server, shown as they are. */
export type MirrorStateName =
  'in-sync' | 'pending' | 'error' | 'orphaned' | 'waiting-for-sync' | 'sync-overdue' | 'not-personalized';

/** A variant short uid whose CMS variant changed: entry variants of the old one can be moved to the new one. */
export interface VariantRemap {
  shortUid: string;
  fromVariantUid: string;
  toVariantUid: string;
  /** How many entry variants the old CMS variant still has; null when the server could not count them. */
  entryVariants: number | null;
}

export interface MirrorStatus {
  state: string;
  /** Author-facing words from the server. */
  reason?: string | undefined;
  /** How long the experience has waited for Contentstack's sync (waiting-for-sync, sync-overdue). */
  waitingSeconds?: number | undefined;
  lastMirroredAt?: string | undefined;
  notes?: string[] | undefined;
  remaps?: VariantRemap[] | undefined;
}

export interface ContentTypeCoverage {
  contentTypeUid: string;
  entries: number;
  missing: { uid: string; title: string }[];
  truncated?: boolean | undefined;
}

export interface VariantOverview extends ExperienceVariantSummary {
  coverage?: ContentTypeCoverage[] | undefined;
}

export interface ExperienceOverview extends ExperienceSummary {
  versionUid?: string | undefined;
  contentTypes: string[];
  variants: VariantOverview[];
  mirror: MirrorStatus;
}

export interface ExperiencesOverview {
  experiences: ExperienceOverview[];
  orphanedGroups: OrphanedGroup[];
}

/** The variant group of a deleted experience: Personalize leaves it behind, with its linked content types. */
export interface OrphanedGroup {
  groupUid: string;
  name: string;
  experienceUid: string;
  contentTypes: string[];
}

export interface MoveReport {
  moved: { contentTypeUid: string; entryUid: string; locale: string }[];
  failed: { contentTypeUid: string; entryUid: string; locale: string; reason: string }[];
}

/** Job counts by state, per queue. */
export type QueueHealth = Record<string, Record<string, number>>;

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string; detail?: string | undefined };

export interface VariantResult {
  variantShortUid: string;
  isControl: boolean;
  visitors: number;
  conversions: number;
  conversionRate: number | null;
  /** Posterior median of the relative uplift over control and its 95% credible interval. */
  uplift: Outcome<{ relative: number; interval: [number, number] }> | null;
  /** P(rate > control's rate); null for the control. Equals `probabilityToBeBest` with two variants. */
  chanceToBeatControl: number | null;
  probabilityToBeBest: number;
  lowData: boolean;
}

export interface MetricResults {
  eventUid: string;
  eventKey: string | null;
  name: string;
  primary: boolean;
  results: Outcome<{ variants: VariantResult[]; warnings: string[] }>;
}

/** One point of the results over time: cumulative counts up to the end of that UTC day (see app-ui/README.md). */
export interface ResultsPoint {
  at: string;
  variants: { shortUid: string; visitors: number; conversions: number }[];
}

export interface ExperienceResultsView {
  experienceUid: string;
  versionUid: string;
  controlShortUid: string;
  variants: { shortUid: string; visitors: number; impressions: number; trafficShare?: number | undefined }[];
  metrics: MetricResults[];
  series?: ResultsPoint[] | undefined;
}

export interface EdgeKey {
  projectUid: string;
  edgeKey: string;
}

export interface ExperiencesPagePort {
  overview(): Promise<Result<ExperiencesOverview>>;
  mirrorNow(experienceUid: string): Promise<Result<{ queued: boolean }>>;
  queues(): Promise<Result<QueueHealth>>;
  /** GET /api/ui/edge-key and POST /api/ui/edge-key/rotate: the key edge workers read the project's table with. */
  edgeKey(): Promise<Result<EdgeKey>>;
  rotateEdgeKey(): Promise<Result<EdgeKey>>;
  results(experienceUid: string): Promise<Result<ExperienceResultsView>>;
  /** POST /api/ui/experiences/:uid/remaps/move: copies, verifies, then deletes each old entry variant. */
  moveEntryVariants(
    experienceUid: string,
    remap: { fromVariantUid: string; toVariantUid: string },
  ): Promise<Result<MoveReport>>;
  /** POST /api/ui/orphaned-groups/:groupUid/unlink. */
  unlinkOrphanedGroup(groupUid: string): Promise<Result<{ groupUid: string; unlinked: string[] }>>;
}
