// Daily increments → cumulative series: gaps repeat the previous totals, the range is capped with the older counts
// folded into the first point, and only the asked variants and event key count.
import { describe, expect, it } from 'vitest';
import { cumulativeSeries, utcDay, type DailyCount } from './daily-series';

const nov = (date: number) => utcDay(Date.UTC(2026, 10, date));
const visits = (day: number, variantShortUid: string, visitors: number): DailyCount => ({
  day,
  variantShortUid,
  visitors,
  conversions: {},
});
const converts = (day: number, variantShortUid: string, conversions: Record<string, number>): DailyCount => ({
  day,
  variantShortUid,
  visitors: 0,
  conversions,
});
const compact = (points: ReturnType<typeof cumulativeSeries>) =>
  points.map((p) => [p.at.slice(0, 10), ...p.variants.map((v) => `${v.shortUid}:${v.visitors}/${v.conversions}`)]);

describe('cumulativeSeries', () => {
  it('gives one cumulative point per UTC day up to today, repeating totals on days without counts', () => {
    const daily = [
      visits(nov(2), '0', 5),
      visits(nov(2), '1', 4),
      converts(nov(4), '0', { purchase: 2, add_to_cart: 3 }),
      visits(nov(4), '1', 1),
    ];
    expect(compact(cumulativeSeries(daily, { variants: ['0', '1'], eventKey: 'purchase', today: nov(5) }))).toEqual([
      ['2026-11-02', '0:5/0', '1:4/0'],
      ['2026-11-03', '0:5/0', '1:4/0'],
      ['2026-11-04', '0:5/2', '1:5/0'],
      ['2026-11-05', '0:5/2', '1:5/0'],
    ]);
  });

  it('keeps the last maxDays days and folds older counts into the first point', () => {
    const daily = [visits(nov(1), '0', 7), visits(nov(9), '0', 1), converts(nov(1), '0', { purchase: 1 })];
    const series = cumulativeSeries(daily, { variants: ['0'], eventKey: 'purchase', today: nov(10), maxDays: 3 });
    expect(compact(series)).toEqual([
      ['2026-11-08', '0:7/1'],
      ['2026-11-09', '0:8/1'],
      ['2026-11-10', '0:8/1'],
    ]);
    expect(series[0]?.at).toBe('2026-11-08T00:00:00Z');
  });

  it('reaches a last day with counts beyond a lagging today', () => {
    const series = cumulativeSeries([visits(nov(3), '0', 2)], { variants: ['0'], eventKey: null, today: nov(2) });
    expect(compact(series)).toEqual([['2026-11-03', '0:2/0']]);
  });

  it('counts only the asked variants and event key, lists variants in the asked order, and is empty without counts', () => {
    const daily = [visits(nov(1), '9', 3), converts(nov(1), '1', { add_to_cart: 1 }), visits(nov(1), '1', 2)];
    expect(compact(cumulativeSeries(daily, { variants: ['1', '0'], eventKey: 'purchase', today: nov(1) }))).toEqual([
      ['2026-11-01', '1:2/0', '0:0/0'],
    ]);
    expect(compact(cumulativeSeries(daily, { variants: ['1'], eventKey: null, today: nov(1) }))).toEqual([
      ['2026-11-01', '1:2/0'],
    ]);
    expect(cumulativeSeries([], { variants: ['0'], eventKey: 'purchase', today: nov(1) })).toEqual([]);
  });
});
