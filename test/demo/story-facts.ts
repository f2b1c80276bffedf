// What the story established, step by step: the CLI prints it in words, the integration test checks it.
import type { ExperienceResults } from './bridge';
import type { Device } from './visitors';

export interface StoryVariant {
  shortUid: string;
  name: string;
  /** The story's name for it: a segment key ('gold', 'outdoor'), 'control' or 'freeShipping'. */
  key: string;
  /** The CMS variant uid, once the group exists. */
  cmsUid?: string;
  alias?: string;
}

export interface StoryExperience {
  uid: string;
  shortUid: string;
  name: string;
  versionUid: string;
  variants: StoryVariant[];
  /** The version body written so far (variants, targeting, metrics): each write replaces the whole version. */
  body: Record<string, unknown>;
  /** Personalize's `updatedAt` of the version write that gave it its variants (the sync starts from there). */
  variantsAt?: string;
  /** When the demo sent the activation (ms since the epoch, this machine's clock). */
  activatedAt?: number;
}

/** What Contentstack's sync made for one experience, and who linked which content types to it. */
export interface GroupFacts {
  experienceUid: string;
  groupUid: string;
  name: string;
  /** The group's `created_at` in the CMA. */
  createdAt: string;
  /** From the version getting its variants (`variantsAt`) to the group's `created_at`. */
  syncMs: number;
  /** Linked when the experiences page first showed the experience in sync: the app's auto-link list did it. */
  linkedByApp: string[];
  /** Linked by the demo itself afterwards (the content type its entry variants need was not linked yet). */
  linkedByDemo: string[];
}

/** When the edge API first served a variant of one experience, measured by polling the raw manifest. */
export interface EdgeFacts {
  experienceUid: string;
  activatedAt: number;
  /** When the first manifest with a non-null variant for the experience arrived (ms since the epoch). */
  servedAt: number;
  servedMs: number;
}

export interface VisitorFacts {
  name: string;
  device: Device;
  userId: string;
  /** Short uid of the variant each experience chose, null when none. */
  segmented: string | null;
  ab: string | null;
  /** This run's variant aliases from the SDK (the site passes them to the Delivery API). */
  aliases: string[];
  delivered?: { headline: string; bannerMessage: string };
}

/** Per experience uid, per variant short uid: unique visitors and converters (per event key) the simulation made. */
export type TrafficTally = Record<string, Record<string, { visitors: number; conversions: Record<string, number> }>>;

export interface StoryFacts {
  runId: string;
  projectName?: string;
  segmented?: StoryExperience;
  ab?: StoryExperience;
  audiences: { name: string; created: boolean }[];
  events: { key: string; created: boolean }[];
  groups: GroupFacts[];
  edge: EdgeFacts[];
  /** Manifests the edge probe read from the first activation until both experiences were served. */
  edgeManifestsPolled?: number;
  entries?: { hero: string; banner: string; environment: string };
  visitors: VisitorFacts[];
  traffic?: {
    visitors: number;
    withImpressions: number;
    events: Record<string, number>;
    tally: TrafficTally;
  };
  /** Per experience uid, as the results API answered. */
  results: Record<string, ExperienceResults>;
}
