import { describe, expect, it } from 'vitest';
import { SRM_P_VALUE_THRESHOLD, sampleRatioMismatch, srmCases } from './subject';

describe('sample-ratio mismatch', () => {
  it.each(srmCases.cases)('$note: $observed vs $weights', (c) => {
    const result = sampleRatioMismatch(c.observed, c.weights);
    if (!result.ok) throw new Error(`unexpected ${result.reason}`);
    expect(result.value.chiSquare).toBeCloseTo(c.chiSquare, 4);
    expect(result.value.degreesOfFreedom).toBe(c.observed.length - 1);
    // Relative precision: the p-values span 36 orders of magnitude.
    expect(Math.abs(result.value.pValue - c.pValue)).toBeLessThanOrEqual(1e-5 * c.pValue + 1e-12);
    expect(result.value.mismatch).toBe(c.mismatch);
  });

  it('warns exactly below p = 0.001', () => {
    expect(SRM_P_VALUE_THRESHOLD).toBe(0.001);
    // χ²(1) = 10.8276 is the 0.001 critical value: 5164/4836 gives χ² = 10.76 (below), 5166/4834 gives 11.02.
    const justBelow = sampleRatioMismatch([5164, 4836], [1, 1]);
    const justAbove = sampleRatioMismatch([5166, 4834], [1, 1]);
    expect(justBelow.ok && justBelow.value.mismatch).toBe(false);
    expect(justAbove.ok && justAbove.value.mismatch).toBe(true);
  });

  it('treats visitors in a zero-weight variant as a mismatch', () => {
    const result = sampleRatioMismatch([500, 500, 3], [50, 50, 0]);
    expect(result.ok && result.value.pValue).toBe(0);
    expect(result.ok && result.value.mismatch).toBe(true);
  });

  it.each([
    [[10], [1], 'too-few-variants'],
    [[10, 10], [1], 'length-mismatch'],
    [[10, 10], [1, -1], 'invalid-weights'],
    [[10, 10], [0, 0], 'invalid-weights'],
    [[0, 0], [1, 1], 'no-visitors'],
  ])('%j against %j → %s', (observed, weights, reason) => {
    const result = sampleRatioMismatch(observed, weights);
    expect(result.ok ? 'ok' : result.reason).toBe(reason);
  });
});
