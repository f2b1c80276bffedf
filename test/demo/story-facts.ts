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
  groups: { experienceUid: string; groupUid: string; name: string; waitedMs: number }[];
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
