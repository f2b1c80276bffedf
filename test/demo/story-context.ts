// What every step of the story works with: where the stack is, the clients, the facts so far, and the small
// helpers that turn them into plain words.
import { ManagementApi, PersonalizeApi, type SandboxCredentials } from './contentstack';
import { DemoError } from './http';
import type { StoryExperience, StoryFacts, StoryVariant } from './story-facts';

export interface DemoTarget {
  serverUrl: string;
  sandboxUrl: string;
  credentials: SandboxCredentials;
  /** Makes this run's names and visitor ids unique, so the demo can run again against the same stack. */
  runId: string;
  /** Bound of every waiting step (default 60 s). */
  waitTimeoutMs?: number;
  /** Simulated visitors (default 300). */
  simulatedVisitors?: number;
}

export interface StepOutcome {
  /** One sentence: what happened, with the key facts. */
  summary: string;
  /** Indented lines under it (per visitor, per group, the results table). */
  details: string[];
}

export interface StoryContext {
  target: DemoTarget;
  runId: string;
  projectUid: string;
  /** Where the authored entries are published and delivered from. */
  environment: string;
  timeoutMs: number;
  personalize: PersonalizeApi;
  cma: ManagementApi;
  facts: StoryFacts;
  /**
   * Started by the activation step, awaited by the edge step: times when the edge first serves each experience.
   * Settles with null when both were served, else with why not (it never rejects: nothing may go unhandled while
   * the steps between run).
   */
  edgeProbe?: Promise<string | null>;
}

export const LOCALE = 'en-us';

export function storyContext(target: DemoTarget): StoryContext {
  const { credentials, sandboxUrl, runId } = target;
  return {
    target,
    runId,
    projectUid: credentials.personalize_project_uid,
    environment: credentials.environments.includes('production')
      ? 'production'
      : (credentials.environments[0] ?? 'production'),
    timeoutMs: target.waitTimeoutMs ?? 60_000,
    personalize: new PersonalizeApi(sandboxUrl, credentials),
    cma: new ManagementApi(sandboxUrl, credentials),
    facts: { runId, audiences: [], events: [], groups: [], edge: [], visitors: [], results: {} },
  };
}

export const quote = (s: string): string => `'${s}'`;
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** A fact an earlier step establishes: its absence means that step did not finish. */
export function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new DemoError(`${what} is missing: an earlier step did not finish`);
  return value;
}

/** The run's two experiences, once the first step created them. */
export function experiences(ctx: StoryContext): { segmented: StoryExperience; ab: StoryExperience } {
  return {
    segmented: need(ctx.facts.segmented, 'the segmented experience'),
    ab: need(ctx.facts.ab, 'the A/B test'),
  };
}

export function variantByKey(experience: StoryExperience, key: string): StoryVariant {
  return need(
    experience.variants.find((v) => v.key === key),
    `variant ${key} of ${quote(experience.name)}`,
  );
}

export function variantName(experience: StoryExperience, shortUid: string | null): string {
  return shortUid === null ? 'none' : quote(experience.variants.find((v) => v.shortUid === shortUid)?.name ?? shortUid);
}

/**
 * Only this run's aliases: earlier runs' experiences stay active on the same stack, and the Delivery API takes at
 * most three variants per request.
 */
export function ourAliases(ctx: StoryContext, aliases: readonly string[]): string[] {
  const { segmented, ab } = experiences(ctx);
  return aliases.filter((a) =>
    [segmented.shortUid, ab.shortUid].some((shortUid) => a.startsWith(`cs_personalize_${shortUid}_`)),
  );
}
