// Step 9: the results, read the way the app UI reads them (a session from a signed-location app token), checked
// against the simulated traffic and printed as tables.
import { experienceResults, uiSession, type ExperienceResults } from './bridge';
import { DemoError, waitFor } from './http';
import { resultsTable } from './results-table';
import { experiences, need, quote, type StepOutcome, type StoryContext } from './story-context';
import type { TrafficTally } from './story-facts';

export async function readResults(ctx: StoryContext): Promise<StepOutcome> {
  const traffic = need(ctx.facts.traffic, 'the simulated traffic');
  const { serverUrl, sandboxUrl, credentials } = ctx.target;
  const session = await uiSession(serverUrl, sandboxUrl, credentials.api_key);
  const { segmented, ab } = experiences(ctx);
  const details: string[] = [];
  for (const experience of [segmented, ab]) {
    const expected = traffic.tally[experience.uid] ?? {};
    // Events are counted as they arrive; the wait only covers a server that answers before it has counted.
    const { value: results } = await waitFor(
      `the results of ${quote(experience.name)} to count the simulated traffic`,
      async () => {
        const answer = await experienceResults(serverUrl, session, experience.uid);
        const problem = disagreement(answer, expected);
        if (problem !== null) throw new DemoError(problem);
        return answer;
      },
      { timeoutMs: Math.min(ctx.timeoutMs, 15_000), intervalMs: 500 },
    );
    ctx.facts.results[experience.uid] = results;
    const names = new Map(experience.variants.map((v) => [v.shortUid, v.name]));
    details.push(`${quote(experience.name)} (${results.type === 'AB_TEST' ? 'A/B test' : 'segmented'}):`);
    details.push(...resultsTable(results, names).map((line) => `  ${line}`));
  }
  return {
    summary:
      'Results, read through an app UI session from the results API, agree with the simulated traffic ' +
      '(visitors and conversions per variant):',
    details,
  };
}

/** Null when the results count exactly the visitors and converters the simulation produced, else what differs. */
export function disagreement(results: ExperienceResults, expected: TrafficTally[string]): string | null {
  for (const variant of results.variants) {
    const want = expected[variant.shortUid] ?? { visitors: 0, conversions: {} };
    if (variant.visitors !== want.visitors) {
      return `variant ${variant.shortUid} has ${variant.visitors} visitors, the simulation made ${want.visitors}`;
    }
    for (const metric of results.metrics) {
      if (!metric.results.ok || metric.eventKey === null) continue;
      const got = metric.results.value.variants.find((v) => v.variantShortUid === variant.shortUid)?.conversions ?? 0;
      const sent = want.conversions[metric.eventKey] ?? 0;
      if (got !== sent) {
        return `variant ${variant.shortUid} has ${got} '${metric.eventKey}' conversions, the simulation sent ${sent}`;
      }
    }
  }
  return null;
}
