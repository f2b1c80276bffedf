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
    expect(uplift.value.chanceToBeatControl).toBeCloseTo(0.609, 3);
    expect((control?.probabilityToBeBest ?? 0) + (variant?.probabilityToBeBest ?? 0)).toBeCloseTo(1, 9);
    expect(result.value.sampleRatio.ok && result.value.sampleRatio.value.mismatch).toBe(false);
    // 49 and 51 conversions are far below the 150 GrowthBook asks for.
    expect(variant?.lowData).toBe(true);
    expect(result.value.warnings).toEqual(['insufficient-data']);
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
