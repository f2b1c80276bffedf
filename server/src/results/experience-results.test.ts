// Results of a served A/B version from its counters: per-variant counts, per-metric statistics with the control
// first, and the sample-ratio check against the configured split.
import { describe, expect, it } from 'vitest';
import { allocateRanges } from '@pb/shared';
import { serveTable } from '../assignments/table-reader';
import { emptyTable } from '@pb/shared';
import type { SeriesPoint } from './daily-series';
import type { ResultsEvents } from './experience-results';
import type { VariantCounters } from './event-store';
import { resultsFor } from './experience-results';

function table() {
  const content = emptyTable('proj', 'stack');
  content.table.experiences.push({
    experienceUid: 'exp',
    shortUid: '2',
    versionUid: 'ver',
    targeting: { audiences: [], combinationType: 'OR' },
    type: 'AB_TEST',
    seed: 'exp',
    ranges: allocateRanges(null, [
      { variantShortUid: '0', weight: 50 },
      { variantShortUid: '1', weight: 50 },
    ]),
    variants: [
      { shortUid: '0', trafficShare: 50, cms: null },
      { shortUid: '1', trafficShare: 50, cms: null },
    ],
  });
  content.metrics['exp'] = [
    { eventUid: 'e1', eventKey: 'purchase', name: 'Purchases', primary: true },
    { eventUid: 'e2', eventKey: null, name: 'Deleted event', primary: false },
  ];
  return serveTable({ ...content, revision: 1, compiledAt: new Date(0).toISOString() });
}

const counters = (byVariant: Record<string, VariantCounters>, series: SeriesPoint[] = []) => {
  const seriesAsked: Parameters<ResultsEvents['series']>[] = [];
  const events: ResultsEvents = {
    counters: () => Promise.resolve(new Map(Object.entries(byVariant))),
    series: (...args) => {
      seriesAsked.push(args);
      return Promise.resolve(series);
    },
  };
  return Object.assign(events, { seriesAsked });
};

describe('resultsFor', () => {
  it('computes each metric against the control and checks the split', async () => {
    const results = await resultsFor(
      table(),
      counters({
        '0': { visitors: 1000, impressions: 1500, conversions: { purchase: 100 } },
        '1': { visitors: 1400, impressions: 2000, conversions: { purchase: 180 } },
      }),
      'exp',
    );
    if (!results.ok) throw new Error(results.reason);
    expect(results.value.controlShortUid).toBe('0');
    expect(results.value.variants).toEqual([
      { shortUid: '0', visitors: 1000, impressions: 1500, trafficShare: 50 },
      { shortUid: '1', visitors: 1400, impressions: 2000, trafficShare: 50 },
    ]);
    const purchase = results.value.metrics[0];
    if (purchase?.results.ok !== true) throw new Error('purchase results missing');
    const [control, variant] = purchase.results.value.variants;
    expect(control?.conversionRate).toBeCloseTo(0.1, 9);
    expect(variant?.conversionRate).toBeCloseTo(180 / 1400, 9);
    expect(variant?.uplift?.ok).toBe(true);
    expect((variant?.probabilityToBeBest ?? 0) > (control?.probabilityToBeBest ?? 1)).toBe(true);
    // 1000 vs 1400 visitors under a 50/50 split is a sample-ratio mismatch.
    expect(purchase.results.value.warnings).toContain('sample-ratio-mismatch');
    expect(results.value.metrics[1]?.results).toEqual({ ok: false, reason: 'event-unknown' });
  });

  it('serves the primary metric over time for the served version', async () => {
    const series = [
      {
        at: '2026-11-01T00:00:00Z',
        variants: [
          { shortUid: '0', visitors: 3, conversions: 1 },
          { shortUid: '1', visitors: 2, conversions: 0 },
        ],
      },
    ];
    const events = counters({}, series);
    const results = await resultsFor(table(), events, 'exp');
    if (!results.ok) throw new Error(results.reason);
    expect(results.value.series).toEqual(series);
    expect(events.seriesAsked).toEqual([['proj', '2', 'ver', { variants: ['0', '1'], eventKey: 'purchase' }]]);
  });

  it('reports an experience that is not served', async () => {
    expect(await resultsFor(table(), counters({}), 'other')).toEqual({ ok: false, reason: 'experience-not-served' });
  });
});
