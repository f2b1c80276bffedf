// How long after activation the edge API serves an experience: from the activation step on, the raw manifest is read
// every 200 ms as a visitor both experiences target (a mobile gold member, so the segmented experience picks a
// variant and the A/B test buckets the phone), and the first manifest with a non-null variant for an experience
// dates its serving. Nothing is assumed from the server's poll interval: the number is what the edge answered.
import { manifestVariants } from './bridge';
import { sleep } from './http';
import { quote, type StoryContext } from './story-context';
import type { StoryExperience } from './story-facts';
import { GOLD_ATTRIBUTES, USER_AGENTS } from './visitors';

const PROBE_INTERVAL_MS = 200;

export function probeEdge(ctx: StoryContext, watched: readonly StoryExperience[]): Promise<string | null> {
  const started = Date.now();
  const visitor = { userAgent: USER_AGENTS.mobile, liveAttributes: GOLD_ATTRIBUTES };
  const run = async (): Promise<string | null> => {
    let polled = 0;
    let lastError = '';
    for (;;) {
      const pending = watched.filter((e) => !ctx.facts.edge.some((f) => f.experienceUid === e.uid));
      if (pending.length === 0) {
        ctx.facts.edgeManifestsPolled = polled;
        return null;
      }
      if (Date.now() - started > ctx.timeoutMs) {
        const names = pending.map((e) => quote(e.name)).join(' and ');
        const why = lastError === '' ? '' : ` (last error: ${lastError})`;
        return `the edge API served no variant of ${names} within ${(ctx.timeoutMs / 1000).toFixed(0)} s of activation${why}`;
      }
      try {
        const variants = await manifestVariants(ctx.target.serverUrl, ctx.projectUid, visitor);
        const arrived = Date.now();
        polled++;
        for (const experience of pending) {
          // Only from the activation on: a draft is never served, so nothing before it can count.
          if (experience.activatedAt === undefined || (variants.get(experience.shortUid) ?? null) === null) continue;
          ctx.facts.edge.push({
            experienceUid: experience.uid,
            activatedAt: experience.activatedAt,
            servedAt: arrived,
            servedMs: arrived - experience.activatedAt,
          });
        }
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
      }
      await sleep(PROBE_INTERVAL_MS);
    }
  };
  return run().catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
}
