// A realistic project for the decision benchmarks: 10 active experiences with 3 variants each — 5 segmented ones
// whose variants target nested audiences, 5 A/B tests (34/33/33) targeted at nested audiences or everyone — and
// 1,000 visitors with country, device and four custom attributes. The same spec yields our assignment table and
// GrowthBook features with equivalent conditions, so both engines decide the same thing.
import {
  assignmentTableSchema,
  allocateRanges,
  type AssignmentTable,
  type Audience,
  type EvaluationContext,
  type RuleNode,
} from '@pb/shared';

type Cond =
  | { attr: string; preset?: 'COUNTRY' | 'DEVICE_TYPE'; op: 'eq'; value: string }
  | { attr: string; op: 'gt'; value: number }
  | { attr: string; op: 'true' }
  | { all: Cond[] }
  | { any: Cond[] };

const EU = ['DE', 'FR', 'ES', 'IT', 'NL'];
const eu: Cond = { any: EU.map((c) => ({ attr: 'country', preset: 'COUNTRY' as const, op: 'eq' as const, value: c })) };
const mobile: Cond = { attr: 'deviceType', preset: 'DEVICE_TYPE', op: 'eq', value: 'MOBILE' };
const desktop: Cond = { attr: 'deviceType', preset: 'DEVICE_TYPE', op: 'eq', value: 'DESKTOP' };
const gold: Cond = {
  all: [
    { attr: 'loyalty_tier', op: 'eq', value: 'gold' },
    {
      any: [
        { attr: 'lifetime_value', op: 'gt', value: 500 },
        { attr: 'newsletter_subscriber', op: 'true' },
      ],
    },
  ],
};
const euMobileGold: Cond = { all: [eu, mobile, gold] };
const cityLovers: Cond = {
  all: [
    { attr: 'favourite_category', op: 'eq', value: 'city' },
    { any: [desktop, { attr: 'newsletter_subscriber', op: 'true' }] },
  ],
};
const highValue: Cond = {
  any: [
    { attr: 'lifetime_value', op: 'gt', value: 1000 },
    {
      all: [
        { attr: 'loyalty_tier', op: 'eq', value: 'silver' },
        { attr: 'lifetime_value', op: 'gt', value: 300 },
      ],
    },
  ],
};
const SEGMENTS: Record<string, Cond> = { eu, mobile, gold, euMobileGold, cityLovers, highValue };

const SEGMENTED: string[][] = [
  ['euMobileGold', 'gold', 'cityLovers'],
  ['highValue', 'eu', 'mobile'],
  ['cityLovers', 'euMobileGold', 'highValue'],
  ['gold', 'mobile', 'eu'],
  ['mobile', 'highValue', 'gold'],
];
const AB_TARGETING: (string | null)[] = ['mobile', 'eu', null, 'highValue', 'cityLovers'];
const SHARES = [34, 33, 33];

function rule(cond: Cond): RuleNode {
  if ('all' in cond || 'any' in cond) {
    const parts = 'all' in cond ? cond.all : cond.any;
    return { __type: 'RuleCombination', combinationType: 'all' in cond ? 'AND' : 'OR', rules: parts.map(rule) };
  }
  const attribute =
    'preset' in cond && cond.preset !== undefined
      ? { __type: 'PresetAttributeReference' as const, ref: cond.preset }
      : { __type: 'CustomAttributeReference' as const, ref: `uid_${cond.attr}` };
  if (cond.op === 'eq') {
    return {
      __type: 'Rule',
      attribute,
      attributeMatchCondition: 'STRING_EQUALS',
      attributeMatchOptions: { __type: 'StringMatchOptions', value: cond.value },
      invertCondition: false,
    };
  }
  if (cond.op === 'gt') {
    return {
      __type: 'Rule',
      attribute,
      attributeMatchCondition: 'NUMBER_GREATER_THAN',
      attributeMatchOptions: { __type: 'NumberMatchOptions', value: cond.value },
      invertCondition: false,
    };
  }
  return { __type: 'Rule', attribute, attributeMatchCondition: 'IS_TRUE', invertCondition: false };
}

/** GrowthBook's condition language (MongoDB-like). */
function growthbookCondition(cond: Cond): Record<string, unknown> {
  if ('all' in cond) return { $and: cond.all.map(growthbookCondition) };
  if ('any' in cond) return { $or: cond.any.map(growthbookCondition) };
  if (cond.op === 'eq') return { [cond.attr]: cond.value };
  if (cond.op === 'gt') return { [cond.attr]: { $gt: cond.value } };
  return { [cond.attr]: true };
}

export function benchTable(): AssignmentTable {
  const audiences: Audience[] = Object.entries(SEGMENTS).map(([uid, cond]) => ({
    uid,
    name: uid,
    definition: rule({ all: [cond] }) as Audience['definition'],
  }));
  const experiences = [
    ...SEGMENTED.map((segments, i) => ({
      experienceUid: `seg${i}`,
      shortUid: String(i),
      versionUid: `v-seg${i}`,
      targeting: { audiences: [], combinationType: 'OR' as const },
      type: 'SEGMENTED' as const,
      variants: segments.map((s, v) => ({
        shortUid: String(v),
        audience: { audiences: [s], combinationType: 'OR' as const },
        cms: { variantUid: `cs${i}${v}`, alias: `cs_personalize_${i}_${v}` },
      })),
    })),
    ...AB_TARGETING.map((target, j) => {
      const i = SEGMENTED.length + j;
      const weights = SHARES.map((w, v) => ({ variantShortUid: String(v), weight: w }));
      return {
        experienceUid: `ab${j}`,
        shortUid: String(i),
        versionUid: `v-ab${j}`,
        targeting: { audiences: target === null ? [] : [target], combinationType: 'OR' as const },
        type: 'AB_TEST' as const,
        seed: `ab${j}`,
        ranges: allocateRanges(null, weights),
        variants: SHARES.map((share, v) => ({
          shortUid: String(v),
          trafficShare: share,
          cms: { variantUid: `cs${i}${v}`, alias: `cs_personalize_${i}_${v}` },
        })),
      };
    }),
  ];
  const attributeKeys = Object.fromEntries(
    ['loyalty_tier', 'lifetime_value', 'newsletter_subscriber', 'favourite_category'].map((k) => [`uid_${k}`, k]),
  );
  return assignmentTableSchema.parse({ experiences, audiences, attributeKeys });
}

/** GrowthBook features equivalent to benchTable(): segmented = ordered force rules, A/B = experiment rules. */
export function growthbookFeatures(): Record<string, unknown> {
  const features: Record<string, unknown> = {};
  SEGMENTED.forEach((segments, i) => {
    features[`seg${i}`] = {
      defaultValue: null,
      rules: segments.map((s, v) => ({ condition: growthbookCondition(SEGMENTS[s] as Cond), force: String(v) })),
    };
  });
  AB_TARGETING.forEach((target, j) => {
    features[`ab${j}`] = {
      defaultValue: null,
      rules: [
        {
          key: `ab${j}`,
          seed: `ab${j}`,
          hashAttribute: 'id',
          variations: ['0', '1', '2'],
          weights: SHARES.map((s) => s / 100),
          coverage: 1,
          ...(target === null ? {} : { condition: growthbookCondition(SEGMENTS[target] as Cond) }),
        },
      ],
    };
  });
  return features;
}

export interface BenchVisitor {
  userUid: string;
  context: EvaluationContext;
  /** The same visitor as GrowthBook attributes. */
  attributes: Record<string, unknown>;
  /** The same visitor as edge SDK inputs: custom attributes (stored) and request headers (presets). */
  custom: Record<string, string | number | boolean>;
  headers: Record<string, string>;
}

const UA = {
  MOBILE: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1',
  DESKTOP:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
  TABLET: 'Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1',
} as const;

/** Deterministic visitors (a small LCG, so every run decides the same population). */
export function benchVisitors(count = 1000): BenchVisitor[] {
  let seed = 42;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  return Array.from({ length: count }, (_, i) => {
    const country = pick(['DE', 'FR', 'US', 'GB', 'NL', 'JP', 'ES', 'BR']);
    const device = pick(['MOBILE', 'DESKTOP', 'TABLET'] as const);
    const custom = {
      loyalty_tier: pick(['bronze', 'silver', 'gold']),
      lifetime_value: Math.floor(next() * 2000),
      newsletter_subscriber: next() < 0.4,
      favourite_category: pick(['outdoor', 'city', 'kids']),
    };
    const userUid = `visitor-${i}-${Math.floor(next() * 1e9).toString(36)}`;
    return {
      userUid,
      context: { preset: { COUNTRY: country, DEVICE_TYPE: device }, custom },
      attributes: { id: userUid, country, deviceType: device, ...custom },
      custom,
      headers: { 'cf-ipcountry': country, 'user-agent': UA[device] },
    };
  });
}
