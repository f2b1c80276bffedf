import { describe, expect, it } from 'vitest';
import { experienceResults } from './subject';

describe('experienceResults', () => {
  it('reports rate, uplift, probability to be best and a clean SRM check per variant', () => {
    const result = experienceResults({
      controlShortUid: '0',
      variants: [
        { variantShortUid: '0', visitors: 100, conversions: 49, weight: 50 },
        { variantShortUid: '1', visitors: 100, conversions: 51, weight: 50 },
      ],
    });
    if (!result.ok) throw new Error(result.reason);
    const [control, variant] = result.value.variants;
    expect(control?.isControl).toBe(true);
    expect(control?.uplift).toBeNull();
    expect(control?.conversionRate).toBeCloseTo(0.49, 9);
    expect(variant?.conversionRate).toBeCloseTo(0.51, 9);
    const uplift = variant?.uplift;
    if (uplift?.ok !== true) throw new Error('expected an uplift');
    expect(uplift.value.relative).toBeCloseTo(0.0401, 3);
    expect(variant?.chanceToBeatControl).toBeCloseTo(0.611, 3);
    expect(control?.chanceToBeatControl).toBeNull();
    // Two variants: "beat control" and "be best" are one question with one answer.
    expect(variant?.probabilityToBeBest).toBe(variant?.chanceToBeatControl);
    expect((control?.probabilityToBeBest ?? 0) + (variant?.probabilityToBeBest ?? 0)).toBeCloseTo(1, 9);
    expect(result.value.sampleRatio.ok && result.value.sampleRatio.value.mismatch).toBe(false);
    // 49 and 51 conversions are far below the 150 GrowthBook asks for.
    expect(variant?.lowData).toBe(true);
    expect(result.value.warnings).toEqual(['insufficient-data']);
  });

  it('with three variants answers the two questions apart, each from the same posteriors', () => {
    const result = experienceResults({
      controlShortUid: '0',
      variants: [
        { variantShortUid: '0', visitors: 1000, conversions: 100 },
        { variantShortUid: '1', visitors: 1000, conversions: 120 },
        { variantShortUid: '2', visitors: 1000, conversions: 125 },
      ],
    });
    if (!result.ok) throw new Error(result.reason);
    const [, one, two] = result.value.variants;
    // Both beat the control with high chance, but only one can be best: the chances do not sum to 1.
    expect(one?.chanceToBeatControl).toBeGreaterThan(0.9);
    expect(two?.chanceToBeatControl).toBeGreaterThan(0.9);
    expect((one?.probabilityToBeBest ?? 1) + (two?.probabilityToBeBest ?? 1)).toBeLessThan(1);
    expect(two?.probabilityToBeBest).toBeGreaterThan(one?.probabilityToBeBest ?? 1);
  });

  it('warns on a sample-ratio mismatch and not on low data when there is enough', () => {
    const result = experienceResults({
      controlShortUid: '0',
      variants: [
        { variantShortUid: '0', visitors: 10_000, conversions: 1000, weight: 50 },
        { variantShortUid: '1', visitors: 11_000, conversions: 1200, weight: 50 },
      ],
    });
    if (!result.ok) throw new Error(result.reason);
    expect(result.value.warnings).toEqual(['sample-ratio-mismatch']);
  });

  it('skips the SRM check when the split is not configured (segmented experiences)', () => {
    const result = experienceResults({
      controlShortUid: '0',
      variants: [
        { variantShortUid: '0', visitors: 10, conversions: 1 },
        { variantShortUid: '1', visitors: 0, conversions: 0 },
      ],
    });
    if (!result.ok) throw new Error(result.reason);
    expect(result.value.sampleRatio).toEqual({ ok: false, reason: 'no-configured-split' });
    expect(result.value.variants[1]?.conversionRate).toBeNull();
    expect(result.value.variants[1]?.uplift).toEqual({ ok: false, reason: 'insufficient-data' });
  });

  it.each([
    ['control-not-found', '9', [{ variantShortUid: '0', visitors: 1, conversions: 0 }]],
    ['invalid-counts', '0', [{ variantShortUid: '0', visitors: 1, conversions: 2 }]],
    ['invalid-counts', '0', [{ variantShortUid: '0', visitors: 1.5, conversions: 0 }]],
    [
      'duplicate-variant',
      '0',
      [
        { variantShortUid: '0', visitors: 1, conversions: 0 },
        { variantShortUid: '0', visitors: 1, conversions: 0 },
      ],
    ],
  ])('%s', (reason, controlShortUid, variants) => {
    const result = experienceResults({ controlShortUid, variants });
    expect(result.ok ? 'ok' : result.reason).toBe(reason);
  });
});
