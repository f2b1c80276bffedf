import { describe, expect, it } from 'vitest';
import { closedFormBBeatsA, pairs } from './closed-form';
import { chanceToBeat, upliftCases } from './subject';

describe('chance to beat control', () => {
  it.each(pairs)('%j vs %j agrees with the closed form', (control, variant) => {
    expect(Math.abs(chanceToBeat(control, variant) - closedFormBBeatsA(control, variant))).toBeLessThan(1e-5);
  });

  it.each(upliftCases.cases)('$name', ({ control, variant, expected, tolerance }) => {
    expect(Math.abs(chanceToBeat(control, variant) - expected.chanceToBeatControl)).toBeLessThanOrEqual(tolerance);
  });

  it("is within 0.002 of GrowthBook's published 0.609 for 49/100 vs 51/100", () => {
    const reference = upliftCases.cases[0];
    if (reference === undefined || !('growthbook' in reference)) throw new Error('reference case missing');
    const chance = chanceToBeat(reference.control, reference.variant);
    expect(Math.abs(chance - reference.growthbook.chanceToBeatControl)).toBeLessThan(0.002);
  });

  it('is complementary: swapping control and variant gives 1 − chance', () => {
    for (const [a, b] of pairs) expect(chanceToBeat(a, b) + chanceToBeat(b, a)).toBeCloseTo(1, 6);
  });
});
