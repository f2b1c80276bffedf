import { describe, expect, it } from 'vitest';
import { closedFormBBeatsA, pairs } from './closed-form';
import { relativeUplift, upliftCases } from './subject';

describe('relative uplift against control', () => {
  it.each(upliftCases.cases)('$name', ({ control, variant, expected, tolerance }) => {
    const result = relativeUplift(control, variant);
    if (!result.ok) throw new Error(`unexpected ${result.reason}`);
    expect(Math.abs(result.value.relative - expected.relative)).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(result.value.interval[0] - (expected.interval[0] ?? Number.NaN))).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(result.value.interval[1] - (expected.interval[1] ?? Number.NaN))).toBeLessThanOrEqual(tolerance);
    expect(result.value.interval[0]).toBeLessThan(result.value.relative);
    expect(result.value.interval[1]).toBeGreaterThan(result.value.relative);
  });

  it.each(upliftCases.problems)('$name → $reason', ({ control, variant, reason }) => {
    const result = relativeUplift(control, variant);
    expect(result.ok ? 'ok' : result.reason).toBe(reason);
  });

  // The interval and the chance come from one posterior: the interval bound at the confidence level 2·chance − 1
  // sits exactly on 0. Checked against the closed-form chance, so this also verifies the quantiles independently.
  it.each(pairs)('%j vs %j: the interval touches 0 exactly at the level the closed-form chance implies', (c, v) => {
    const chance = closedFormBBeatsA(c, v);
    const confidence = Math.abs(2 * chance - 1);
    const result = relativeUplift(c, v, confidence);
    if (!result.ok) throw new Error(`unexpected ${result.reason}`);
    const bound = chance > 0.5 ? result.value.interval[0] : result.value.interval[1];
    expect(Math.abs(bound)).toBeLessThan(1e-3);
  });

  it.each(pairs)('%j vs %j: estimate, 95% interval and chance agree in sign', (c, v) => {
    const chance = closedFormBBeatsA(c, v);
    const result = relativeUplift(c, v);
    if (!result.ok) throw new Error(`unexpected ${result.reason}`);
    const { relative, interval } = result.value;
    expect(Math.sign(relative)).toBe(Math.sign(chance - 0.5));
    expect(interval[0] > 0).toBe(chance > 0.975);
    expect(interval[1] < 0).toBe(chance < 0.025);
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
