import { describe, expect, it } from 'vitest';
import { relativeUplift, upliftCases } from './subject';

describe('relative uplift against control', () => {
  it.each(upliftCases.cases)('$name', ({ control, variant, expected, tolerance }) => {
    const result = relativeUplift(control, variant);
    if (!result.ok) throw new Error(`unexpected ${result.reason}`);
    expect(Math.abs(result.value.relative - expected.relative)).toBeLessThanOrEqual(tolerance);
    if ('interval' in expected) {
      expect(Math.abs(result.value.interval[0] - (expected.interval[0] ?? Number.NaN))).toBeLessThanOrEqual(tolerance);
      expect(Math.abs(result.value.interval[1] - (expected.interval[1] ?? Number.NaN))).toBeLessThanOrEqual(tolerance);
    }
    if ('chanceToBeatControl' in expected) {
      expect(Math.abs(result.value.chanceToBeatControl - expected.chanceToBeatControl)).toBeLessThanOrEqual(tolerance);
    }
    expect(result.value.interval[0]).toBeLessThan(result.value.relative + 1e-12);
    expect(result.value.interval[1]).toBeGreaterThan(result.value.relative - 1e-12);
  });

  it.each(upliftCases.problems)('$name → $reason', ({ control, variant, reason }) => {
    const result = relativeUplift(control, variant);
    expect(result.ok ? 'ok' : result.reason).toBe(reason);
  });

  it('narrows the interval as the sample grows and widens it with the confidence level', () => {
    const small = relativeUplift({ visitors: 100, conversions: 10 }, { visitors: 100, conversions: 12 });
    const large = relativeUplift({ visitors: 10_000, conversions: 1000 }, { visitors: 10_000, conversions: 1200 });
    const wide = relativeUplift({ visitors: 100, conversions: 10 }, { visitors: 100, conversions: 12 }, 0.99);
    if (!small.ok || !large.ok || !wide.ok) throw new Error('expected results');
    const width = (u: { interval: readonly [number, number] }) => u.interval[1] - u.interval[0];
    expect(width(large.value)).toBeLessThan(width(small.value) / 5);
    expect(width(wide.value)).toBeGreaterThan(width(small.value));
  });
});
