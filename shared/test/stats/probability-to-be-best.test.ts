import { describe, expect, it } from 'vitest';
import { closedFormBBeatsA, pairs } from './closed-form';
import { chanceToBeat, probabilityToBeBest } from './subject';

describe('probability to be best', () => {
  it.each(pairs)('two variants %j vs %j agree with the closed form', (a, b) => {
    const [pa, pb] = probabilityToBeBest([a, b]);
    const expected = closedFormBBeatsA(a, b);
    expect(Math.abs((pb ?? Number.NaN) - expected)).toBeLessThan(1e-4);
    expect(Math.abs((pa ?? Number.NaN) - (1 - expected))).toBeLessThan(1e-4);
  });

  it.each(pairs)('for two variants equals the chance to beat the other, exactly (%j vs %j)', (a, b) => {
    expect(probabilityToBeBest([a, b])[1]).toBe(chanceToBeat(a, b));
  });

  it('matches the published 49/100 vs 51/100 chance of ≈ 0.61', () => {
    const [, best] = probabilityToBeBest([
      { visitors: 100, conversions: 49 },
      { visitors: 100, conversions: 51 },
    ]);
    expect(best).toBeGreaterThan(0.6);
    expect(best).toBeLessThan(0.62);
  });

  it('splits evenly between identical variants', () => {
    const same = { visitors: 500, conversions: 60 };
    for (const p of probabilityToBeBest([same, same, same])) expect(p).toBeCloseTo(1 / 3, 6);
  });

  it('sums to 1, ranks by evidence, and is deterministic', () => {
    const variants = [
      { visitors: 1000, conversions: 100 },
      { visitors: 1000, conversions: 110 },
      { visitors: 1000, conversions: 130 },
      { visitors: 30, conversions: 4 },
    ];
    const first = probabilityToBeBest(variants);
    expect(first.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 9);
    expect(first[2]).toBeGreaterThan(first[1] ?? 1);
    expect(first[1]).toBeGreaterThan(first[0] ?? 1);
    expect(probabilityToBeBest(variants)).toEqual(first);
  });

  it('a clearly worse third arm barely changes the head-to-head of the other two', () => {
    const a = { visitors: 2000, conversions: 200 };
    const b = { visitors: 2000, conversions: 220 };
    const [, pb] = probabilityToBeBest([a, b, { visitors: 2000, conversions: 100 }]);
    expect(Math.abs((pb ?? 0) - closedFormBBeatsA(a, b))).toBeLessThan(1e-4);
  });

  it('handles the edges: no variants, one variant, no visitors at all', () => {
    expect(probabilityToBeBest([])).toEqual([]);
    expect(probabilityToBeBest([{ visitors: 3, conversions: 1 }])).toEqual([1]);
    const empty = probabilityToBeBest([
      { visitors: 0, conversions: 0 },
      { visitors: 0, conversions: 0 },
    ]);
    expect(empty[0]).toBeCloseTo(0.5, 6);
  });
});
