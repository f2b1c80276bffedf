import { describe, expect, it } from 'vitest';
import type { VersionAssignmentInput } from './subject';
import { allocateRanges, experienceAssignmentFromVersion, experienceAssignmentSchema, sharesOf } from './subject';

const abExperience: VersionAssignmentInput['experience'] = {
  uid: 'blt_exp_ab',
  shortUid: '7',
  __type: 'AB_TEST',
  _cms: { variantGroup: 'cs_group', variants: { '0': 'cs_var_a', '1': 'cs_var_b' } },
};

function abVersion(split: Record<string, number>, status: 'ACTIVE' | 'PAUSED' | 'DRAFT' = 'ACTIVE') {
  return {
    uid: 'ver_1',
    status,
    targeting: { audience: { audiences: ['aud_1'], audienceCombinationType: 'AND' as const } },
    variants: Object.entries(split).map(([shortUid, trafficDistribution]) => ({
      __type: 'ABTestVariant' as const,
      shortUid,
      name: `Variant ${shortUid}`,
      trafficDistribution,
    })),
  };
}

describe('experienceAssignmentFromVersion', () => {
  it('turns an active A/B version into seeded bucket ranges with CMS links', () => {
    const result = experienceAssignmentFromVersion({
      experience: abExperience,
      version: abVersion({ '0': 50, '1': 50 }),
      previousRanges: null,
    });
    if (!result.ok) throw new Error(result.reason);
    expect(experienceAssignmentSchema.safeParse(result.value).success).toBe(true);
    expect(result.value).toMatchObject({
      type: 'AB_TEST',
      shortUid: '7',
      seed: 'blt_exp_ab',
      paused: false,
      targeting: { audiences: ['aud_1'], combinationType: 'AND' },
      variants: [
        { shortUid: '0', trafficShare: 50, cms: { variantUid: 'cs_var_a', alias: 'cs_personalize_7_0' } },
        { shortUid: '1', trafficShare: 50, cms: { variantUid: 'cs_var_b', alias: 'cs_personalize_7_1' } },
      ],
    });
  });

  it('derives a new split from the previous ranges so only the minimum moves, and re-randomizing changes the seed', () => {
    const previous = allocateRanges(null, [
      { variantShortUid: '0', weight: 50 },
      { variantShortUid: '1', weight: 50 },
    ]);
    const result = experienceAssignmentFromVersion({
      experience: abExperience,
      version: abVersion({ '0': 34, '1': 33, '2': 33 }),
      previousRanges: previous,
      randomization: 1,
    });
    if (!result.ok || result.value.type !== 'AB_TEST') throw new Error('expected an A/B assignment');
    const ranges = result.value.ranges;
    // Variant 0 keeps the start of its old range: nobody in [0, 340000) moves.
    expect(ranges.segments[0]).toEqual({ variantShortUid: '0', start: 0, end: 340_000 });
    expect(sharesOf(ranges).get('2')).toBeCloseTo(0.33, 6);
    expect(result.value.seed).not.toBe('blt_exp_ab');
    expect(result.value.variants[2]?.cms).toBeNull();
  });

  it('marks paused versions and refuses drafts and broken splits', () => {
    const paused = experienceAssignmentFromVersion({
      experience: abExperience,
      version: abVersion({ '0': 50, '1': 50 }, 'PAUSED'),
      previousRanges: null,
    });
    expect(paused.ok && paused.value.paused).toBe(true);
    const draft = experienceAssignmentFromVersion({
      experience: abExperience,
      version: abVersion({ '0': 50, '1': 50 }, 'DRAFT'),
      previousRanges: null,
    });
    expect(draft.ok ? 'ok' : draft.reason).toBe('draft-version');
    const zero = experienceAssignmentFromVersion({
      experience: abExperience,
      version: abVersion({ '0': 0, '1': 0 }),
      previousRanges: null,
    });
    expect(zero.ok ? 'ok' : zero.reason).toBe('invalid-split');
  });

  it('turns a segmented version into ordered audience references, falling back to the experience targeting', () => {
    const result = experienceAssignmentFromVersion({
      experience: {
        uid: 'blt_exp_seg',
        shortUid: '2',
        __type: 'SEGMENTED',
        targeting: { audience: { audiences: ['aud_eu'], audienceCombinationType: 'OR' } },
      },
      version: {
        uid: 'ver_9',
        status: 'ACTIVE',
        variants: [
          { __type: 'SegmentedVariant', shortUid: '0', name: 'A', audiences: ['aud_a'], audienceCombinationType: 'OR' },
          {
            __type: 'SegmentedVariant',
            shortUid: '1',
            name: 'B',
            audiences: ['aud_b', 'aud_c'],
            audienceCombinationType: 'AND',
          },
        ],
      },
      previousRanges: null,
    });
    if (!result.ok) throw new Error(result.reason);
    expect(result.value).toEqual({
      type: 'SEGMENTED',
      experienceUid: 'blt_exp_seg',
      shortUid: '2',
      versionUid: 'ver_9',
      paused: false,
      targeting: { audiences: ['aud_eu'], combinationType: 'OR' },
      variants: [
        { shortUid: '0', audience: { audiences: ['aud_a'], combinationType: 'OR' }, cms: null },
        { shortUid: '1', audience: { audiences: ['aud_b', 'aud_c'], combinationType: 'AND' }, cms: null },
      ],
    });
  });

  it('refuses a version whose variants do not fit the experience type', () => {
    const result = experienceAssignmentFromVersion({
      experience: { ...abExperience, __type: 'SEGMENTED' },
      version: abVersion({ '0': 50, '1': 50 }),
      previousRanges: null,
    });
    expect(result.ok ? 'ok' : result.reason).toBe('variant-type-mismatch');
  });
});
