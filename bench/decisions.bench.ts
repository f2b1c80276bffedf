// In-process decisions per second for a realistic project (decisions-fixture.ts): our compiled table against
// GrowthBook's GrowthBookClient evaluating the equivalent features, in the same process, rounds interleaved.
// One decision = all 10 experiences for one visitor. Goal: ≥ 2× GrowthBook.
import { GrowthBookClient } from '@growthbook/growthbook';
import { compileAssignmentTable, decide } from '@pb/shared';
import { defineBench } from './lib/bench';
import { median } from './lib/measure';
import { benchTable, benchVisitors, growthbookFeatures } from './decisions-fixture';

function perSecond(fn: (i: number) => void, ms: number): number {
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 200; i++) fn(ops + i);
    ops += 200;
    now = performance.now();
  }
  return (ops * 1000) / (now - start);
}

export default defineBench({
  name: 'decisions',
  run(ctx) {
    const visitors = benchVisitors(1000);
    const compiled = compileAssignmentTable(benchTable());
    const features = growthbookFeatures();
    const keys = Object.keys(features);
    const gb = new GrowthBookClient().initSync({ payload: { features: features as never } });
    const contexts = visitors.map((v) => ({ attributes: v.attributes }));

    // Equivalence check before timing: both engines must agree for segmented experiences (A/B hashing differs).
    let agree = 0;
    for (const [i, v] of visitors.entries()) {
      const ours = decide(compiled, { context: v.context, userUid: v.userUid });
      const theirs = keys.map(
        (k): unknown => gb.evalFeature<unknown>(k, contexts[i] as { attributes: Record<string, unknown> }).value,
      );
      // Segmented variants must match exactly; A/B tests hash differently, so only "in the test or not" compares.
      const same = ours.every((d, e) =>
        e < 5 ? d.activeVariantShortUid === theirs[e] : (d.activeVariantShortUid !== null) === (theirs[e] !== null),
      );
      if (same) agree++;
    }
    if (agree !== visitors.length) throw new Error(`engines disagree for ${visitors.length - agree} visitors`);

    let sink = 0;
    const oursOnce = (i: number) => {
      const v = visitors[i % visitors.length] as (typeof visitors)[number];
      sink += decide(compiled, { context: v.context, userUid: v.userUid }).length;
    };
    const theirsOnce = (i: number) => {
      const c = contexts[i % contexts.length] as { attributes: Record<string, unknown> };
      for (const k of keys) if (gb.evalFeature(k, c).on) sink++;
    };
    const rounds = ctx.quick ? 3 : 7;
    const ms = ctx.quick ? 200 : 1000;
    perSecond(oursOnce, 300); // warm-up
    perSecond(theirsOnce, 300);
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let r = 0; r < rounds; r++) {
      ours.push(perSecond(oursOnce, ms));
      theirs.push(perSecond(theirsOnce, ms));
    }
    ctx.log(
      `ours ${ours.map((x) => Math.round(x)).join(', ')}; growthbook ${theirs.map((x) => Math.round(x)).join(', ')} (${sink > 0 ? 'ok' : '?'})`,
    );
    return Promise.resolve([
      {
        name: 'decisions/s (10 experiences × 3 variants, nested audiences)',
        value: median(ours),
        unit: 'decisions/s',
        baseline: { name: 'GrowthBookClient.evalFeature × 10', value: median(theirs) },
        goal: { op: '>=', target: 2 },
        note: `median of ${rounds} interleaved rounds of ${ms} ms; one decision = all 10 experiences for one of 1,000 visitors`,
      },
    ]);
  },
});
