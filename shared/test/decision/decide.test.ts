import { describe, expect, it } from 'vitest';
import type { AssignmentTable, Audience, ExperienceDecision } from './subject';
import {
  allocateRanges,
  assignmentTableSchema,
  chiSquareSurvival,
  compileAssignmentTable,
  decide,
  presetAttributesFromRequest,
  toManifest,
} from './subject';

function stringRule(ref: 'DEVICE_TYPE' | 'COUNTRY' | 'CITY', value: string) {
  return {
    __type: 'Rule' as const,
    attribute: { __type: 'PresetAttributeReference' as const, ref },
    attributeMatchCondition: 'STRING_EQUALS' as const,
    attributeMatchOptions: { __type: 'StringMatchOptions' as const, value },
    invertCondition: false,
  };
}

const audiences: Audience[] = [
  {
    uid: 'aud_mobile',
    name: 'Mobile',
    definition: { __type: 'RuleCombination', combinationType: 'AND', rules: [stringRule('DEVICE_TYPE', 'MOBILE')] },
  },
  {
    uid: 'aud_de',
    name: 'Germany',
    definition: { __type: 'RuleCombination', combinationType: 'AND', rules: [stringRule('COUNTRY', 'DE')] },
  },
  {
    uid: 'aud_berlin',
    name: 'Berlin',
    definition: { __type: 'RuleCombination', combinationType: 'AND', rules: [stringRule('CITY', 'Berlin')] },
  },
  {
    uid: 'aud_vip',
    name: 'VIP',
    definition: {
      __type: 'RuleCombination',
      combinationType: 'AND',
      rules: [
        {
          __type: 'Rule',
          attribute: { __type: 'CustomAttributeReference', ref: 'attr_tier_uid' },
          attributeMatchCondition: 'STRING_EQUALS',
          attributeMatchOptions: { __type: 'StringMatchOptions', value: 'vip' },
          invertCondition: false,
        },
      ],
    },
  },
];

const cms = (experience: string, variant: string) => ({
  variantUid: `cs_var_${experience}_${variant}`,
  alias: `cs_personalize_${experience}_${variant}`,
});

const table: AssignmentTable = {
  audiences,
  attributeKeys: { attr_tier_uid: 'tier' },
  experiences: [
    {
      type: 'SEGMENTED',
      experienceUid: 'exp_hero',
      shortUid: '0',
      targeting: { audiences: ['aud_mobile'], combinationType: 'OR' },
      variants: [{ shortUid: '0', audience: { audiences: ['aud_mobile'], combinationType: 'OR' }, cms: cms('0', '0') }],
    },
    {
      type: 'AB_TEST',
      experienceUid: 'exp_banner',
      shortUid: '1',
      targeting: { audiences: [], combinationType: 'OR' },
      seed: 'exp_banner',
      ranges: allocateRanges(null, [
        { variantShortUid: '0', weight: 50 },
        { variantShortUid: '1', weight: 50 },
      ]),
      variants: [
        { shortUid: '0', trafficShare: 50, cms: cms('1', '0') },
        { shortUid: '1', trafficShare: 50, cms: null },
      ],
    },
    {
      type: 'SEGMENTED',
      experienceUid: 'exp_promo',
      shortUid: '2',
      targeting: { audiences: ['aud_de'], combinationType: 'OR' },
      variants: [
        { shortUid: '3', audience: { audiences: ['aud_vip'], combinationType: 'OR' }, cms: cms('2', '3') },
        {
          shortUid: '4',
          audience: { audiences: ['aud_berlin', 'aud_mobile'], combinationType: 'AND' },
          cms: cms('2', '4'),
        },
        { shortUid: '5', audience: { audiences: [], combinationType: 'OR' }, cms: cms('2', '5') },
      ],
    },
    {
      type: 'SEGMENTED',
      experienceUid: 'exp_paused',
      shortUid: '3',
      paused: true,
      targeting: { audiences: [], combinationType: 'OR' },
      variants: [{ shortUid: '0', audience: { audiences: ['aud_de'], combinationType: 'OR' }, cms: null }],
    },
    {
      type: 'SEGMENTED',
      experienceUid: 'exp_stale',
      shortUid: '4',
      targeting: { audiences: ['aud_deleted'], combinationType: 'OR' },
      variants: [{ shortUid: '0', audience: { audiences: ['aud_de'], combinationType: 'OR' }, cms: null }],
    },
  ],
};

const compiled = compileAssignmentTable(assignmentTableSchema.parse(JSON.parse(JSON.stringify(table))));
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148';
const WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0.0.0 Safari/537.36';

function decideFor(headers: Record<string, string>, custom: Record<string, unknown>, userUid: string | undefined) {
  const context = { preset: presetAttributesFromRequest({ headers, now: Date.parse('2026-11-28T12:00:00Z') }), custom };
  return decide(compiled, { context, userUid });
}

const summary = (decisions: ExperienceDecision[]) =>
  decisions.map((d) => `${d.shortUid}:${d.activeVariantShortUid ?? '-'}:${d.reason}`);

describe('decide', () => {
  it('lists every experience in priority order with a variant and a reason', () => {
    const decisions = decideFor({ 'user-agent': IPHONE, 'cf-ipcountry': 'DE', 'cf-ipcity': 'Berlin' }, {}, 'user-1');
    const banner = decisions[1]?.activeVariantShortUid;
    expect(summary(decisions)).toEqual([
      '0:0:audience-match',
      `1:${banner}:bucket`,
      '2:4:audience-match',
      '3:-:paused',
      '4:-:not-targeted',
    ]);
    expect(['0', '1']).toContain(banner);
    expect(decisions[0]?.cms).toEqual(cms('0', '0'));
    expect(decisions[2]?.cms).toEqual(cms('2', '4'));
  });

  it('gives the edge API manifest shape', () => {
    const manifest = toManifest(decideFor({ 'user-agent': WINDOWS }, {}, 'user-1'));
    expect(Object.keys(manifest)).toEqual(['experiences']);
    expect(manifest.experiences.map((e) => Object.keys(e))).toEqual(
      Array(5).fill(['shortUid', 'activeVariantShortUid']),
    );
    expect(manifest.experiences[0]).toEqual({ shortUid: '0', activeVariantShortUid: null });
  });

  it('takes the first matching segmented variant in version order', () => {
    const vipInBerlin = decideFor(
      { 'user-agent': IPHONE, 'cf-ipcountry': 'DE', 'cf-ipcity': 'Berlin' },
      { tier: 'VIP' },
      'u',
    );
    expect(summary(vipInBerlin)[2]).toBe('2:3:audience-match');
  });

  it('reports a targeted visitor whom no variant matches; a variant without audiences matches nobody', () => {
    const desktopInMunich = decideFor({ 'user-agent': WINDOWS, 'cf-ipcountry': 'DE', 'cf-ipcity': 'Munich' }, {}, 'u');
    expect(summary(desktopInMunich)[2]).toBe('2:-:no-variant-matched');
  });

  it('does not target visitors outside the experience audience, including unknown ones', () => {
    expect(summary(decideFor({ 'user-agent': WINDOWS, 'cf-ipcountry': 'FR' }, {}, 'u'))[2]).toBe('2:-:not-targeted');
    expect(summary(decideFor({}, {}, 'u'))[0]).toBe('0:-:not-targeted');
  });

  it('cannot bucket without a user uid', () => {
    expect(summary(decideFor({}, {}, undefined))[1]).toBe('1:-:no-user-uid');
  });

  it('reports audiences the table references but does not hold', () => {
    expect(compiled.unknownAudienceUids).toEqual(['aud_deleted']);
  });

  it('is sticky per user and splits users as configured (χ², p > 0.001)', () => {
    const counts = new Map<string, number>();
    const users = 20_000;
    for (let i = 0; i < users; i++) {
      const first = decideFor({}, {}, `visitor-${i}`)[1];
      const again = decideFor({}, {}, `visitor-${i}`)[1];
      expect(again?.activeVariantShortUid).toBe(first?.activeVariantShortUid);
      const variant = first?.activeVariantShortUid ?? 'none';
      counts.set(variant, (counts.get(variant) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(['0', '1']);
    const expected = users / 2;
    const chiSquare = [...counts.values()].reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
    expect(chiSquareSurvival(chiSquare, 1)).toBeGreaterThan(0.001);
  });

  it('hands back the CMS link of the bucketed variant, or null when it has none', () => {
    for (let i = 0; i < 50; i++) {
      const d = decideFor({}, {}, `visitor-${i}`)[1];
      expect(d?.cms).toEqual(d?.activeVariantShortUid === '0' ? cms('1', '0') : null);
    }
  });

  it('hands out shared, frozen decision objects (nothing is built per request)', () => {
    const a = decideFor({ 'user-agent': IPHONE }, {}, 'user-1');
    const b = decideFor({ 'user-agent': IPHONE }, {}, 'user-1');
    expect(a[0]).toBe(b[0]);
    expect(a[1]).toBe(b[1]);
    expect(Object.isFrozen(a[0])).toBe(true);
  });

  it('reports a bucket outside corrupt ranges instead of inventing a variant', () => {
    // The table schema rejects ranges with gaps; a table built without it must still not crash or guess.
    const corrupt = compileAssignmentTable({
      audiences: [],
      experiences: [
        {
          type: 'AB_TEST',
          experienceUid: 'exp_corrupt',
          shortUid: '9',
          targeting: { audiences: [], combinationType: 'OR' },
          seed: 'exp_corrupt',
          ranges: { slots: 1_000_000, segments: [{ variantShortUid: '0', start: 0, end: 500_000 }] },
          variants: [{ shortUid: '0', trafficShare: 100, cms: null }],
        },
      ],
    });
    const reasons = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const [d] = decide(corrupt, { context: { preset: {}, custom: {} }, userUid: `u${i}` });
      reasons.add(`${d?.activeVariantShortUid ?? '-'}:${d?.reason}`);
    }
    expect([...reasons].sort()).toEqual(['-:no-bucket', '0:bucket']);
  });
});
