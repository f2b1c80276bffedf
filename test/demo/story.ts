// The demo's story, step by step, against a running stack: a marketer creates a segmented and an A/B experience in
// Personalize, Contentstack's own sync makes their CMS variant groups and the app links its content types to them
// (the demo times the sync), an author writes entry variants, visitors get their decisions from our edge API (the demo
// times it from activation) through the official edge SDK and their personalized entries from the Delivery API, and
// simulated traffic turns into the results the app shows. Each step returns one plain-words outcome (plus detail
// lines) and records the facts it established, so the CLI prints the story and the integration test checks the facts.
import { storyContext, type DemoTarget, type StepOutcome } from './story-context';
import type { StoryFacts } from './story-facts';
import { authorEntryVariants, variantGroupsAppear } from './steps-cms';
import { activate, createExperiences, setUpEventsAndMetrics } from './steps-personalize';
import { readResults } from './steps-results';
import { deliverPersonalizedEntries, edgeManifests, simulateTraffic } from './steps-visitors';

export type { DemoTarget, StepOutcome } from './story-context';
export type { StoryExperience, StoryFacts, StoryVariant, TrafficTally, VisitorFacts } from './story-facts';

export interface StoryStep {
  name: string;
  run(): Promise<StepOutcome>;
}

export interface DemoStory {
  steps: StoryStep[];
  facts: StoryFacts;
}

export type StoryOutcome =
  { ok: true; facts: StoryFacts } | { ok: false; step: number; name: string; reason: string; facts: StoryFacts };

/** The story's steps for one run against `target`; they share the facts, so run them in order. */
export function createStory(target: DemoTarget): DemoStory {
  const ctx = storyContext(target);
  const step = (name: string, run: typeof createExperiences): StoryStep => ({ name, run: () => run(ctx) });
  return {
    facts: ctx.facts,
    steps: [
      step('Create a segmented and an A/B experience with audiences and variants', createExperiences),
      step('Set up events and metrics', setUpEventsAndMetrics),
      step('Activate', activate),
      step('The variant groups appear in the CMS', variantGroupsAppear),
      step('Author entry variants', authorEntryVariants),
      step('Edge manifest for sample visitors', edgeManifests),
      step("The Delivery API returns each visitor's personalized entry", deliverPersonalizedEntries),
      step('Simulated impressions and conversions', simulateTraffic),
      step('The results table', readResults),
    ],
  };
}

/** Runs the steps in order and stops at the first failure, reporting which step failed and why. */
export async function runStory(
  story: DemoStory,
  onStep: (index: number, step: StoryStep, outcome: StepOutcome) => void = () => undefined,
): Promise<StoryOutcome> {
  for (const [index, step] of story.steps.entries()) {
    try {
      onStep(index + 1, step, await step.run());
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, step: index + 1, name: step.name, reason, facts: story.facts };
    }
  }
  return { ok: true, facts: story.facts };
}
