/**
 * The seeded Personalize project: "Northwind Outfitters", an apparel shop. It tells a believable retail story:
 * preset attributes plus custom ones (loyalty tier, lifetime value, newsletter opt-in, favourite category),
 * the events a shop tracks (product_view, add_to_cart, purchase), audiences from simple ("Mobile users") to
 * nested ("Gold members": gold tier AND (high lifetime value OR newsletter subscriber)), and two DRAFT
 * experiences: a segmented homepage hero and an A/B test of a free-shipping banner.
 * Uids are fixed so tests and docs can name them.
 */
import { PRESET_ATTRIBUTES } from '../personalize/model';
import type {
  Attribute,
  Audience,
  Experience,
  PersonalizeEvent,
  PersonalizeState,
  Project,
  Rule,
  Version,
} from '../personalize/model';

export const SEED_PERSONALIZE_PROJECT_UID = '6650a1c0ffee000000000001';

export const SEED_PERSONALIZE_UIDS = {
  attributes: {
    loyaltyTier: '6650a1c0ffee0000000000a1',
    lifetimeValue: '6650a1c0ffee0000000000a2',
    newsletterSubscriber: '6650a1c0ffee0000000000a3',
    favouriteCategory: '6650a1c0ffee0000000000a4',
  },
  events: {
    productView: '6650a1c0ffee0000000000e1',
    addToCart: '6650a1c0ffee0000000000e2',
    purchase: '6650a1c0ffee0000000000e3',
  },
  audiences: {
    euVisitors: '6650a1c0ffee0000000000b1',
    mobileUsers: '6650a1c0ffee0000000000b2',
    goldMembers: '6650a1c0ffee0000000000b3',
  },
  experiences: {
    homepageHero: '6650a1c0ffee0000000000c1',
    freeShippingTest: '6650a1c0ffee0000000000c2',
  },
  versions: {
    homepageHeroDraft: '6650a1c0ffee0000000000d1',
    freeShippingTestDraft: '6650a1c0ffee0000000000d2',
  },
} as const;

/**
 * The CMS side of the seeded experiences, as Personalize's CMS sync would have left it: one group per experience
 * (no content types linked), one variant per variant short uid, and the experience's `_cms` naming them. The CMS
 * seed (cms-seed.ts) makes the groups from this and this file fills `_cms` from it, so the two halves agree and
 * the sync has nothing to do at start.
 */
export const SEED_PERSONALIZE_CMS = [
  {
    experienceUid: SEED_PERSONALIZE_UIDS.experiences.homepageHero,
    experienceShortUid: '0',
    name: 'Homepage hero by segment',
    description: 'EU visitors see the EU-wide returns promise; gold members see early access to the new collection.',
    groupUid: 'cs6650c1a0ffee00c1',
    variants: [
      { shortUid: '0', name: 'EU visitors', uid: 'cs6650c1a0ffee0c10' },
      { shortUid: '1', name: 'Gold members', uid: 'cs6650c1a0ffee0c11' },
    ],
  },
  {
    experienceUid: SEED_PERSONALIZE_UIDS.experiences.freeShippingTest,
    experienceShortUid: '1',
    name: 'Free-shipping banner test',
    description: 'Does a free-shipping-over-€50 banner lift add-to-cart on mobile?',
    groupUid: 'cs6650c2a0ffee00c2',
    variants: [
      { shortUid: '0', name: 'Control', uid: 'cs6650c2a0ffee0c20' },
      { shortUid: '1', name: 'Free shipping over €50', uid: 'cs6650c2a0ffee0c21' },
    ],
  },
] as const;

const seededCms = (experienceUid: string): Pick<Experience, '_cms'> => {
  const entry = SEED_PERSONALIZE_CMS.find((c) => c.experienceUid === experienceUid);
  if (entry === undefined) return {};
  return {
    _cms: {
      variantGroup: entry.groupUid,
      variants: Object.fromEntries(entry.variants.map((v) => [v.shortUid, v.uid])),
    },
  };
};

const EU_COUNTRIES = ['DE', 'FR', 'ES', 'IT', 'NL', 'BE', 'AT', 'IE', 'PT', 'SE', 'DK', 'FI', 'PL'];

const stringRule = (ref: Rule['attribute'], value: string): Rule => ({
  __type: 'Rule',
  attribute: ref,
  attributeMatchCondition: 'STRING_EQUALS',
  attributeMatchOptions: { __type: 'StringMatchOptions', value },
  invertCondition: false,
});

/** A fresh copy of the seed for a project connected to `stack` (none when no stack exists yet). */
export function seedPersonalizeState(
  stack: { apiKey: string; orgUid: string } | undefined,
  now: string,
): PersonalizeState {
  const state: PersonalizeState = {
    projects: [],
    attributes: [],
    events: [],
    audiences: [],
    experiences: [],
    versions: [],
    priority: {},
  };
  if (stack === undefined) return state;
  const t = { createdAt: now, updatedAt: now };
  const U = SEED_PERSONALIZE_UIDS;
  const projectUid = SEED_PERSONALIZE_PROJECT_UID;

  const project: Project = {
    uid: projectUid,
    name: 'Northwind Outfitters',
    description: 'Personalization for the Northwind Outfitters web shop.',
    connectedStackApiKey: stack.apiKey,
    organizationUid: stack.orgUid,
    nextExperienceShortUid: 2,
    ...t,
  };

  const presetNames: Record<(typeof PRESET_ATTRIBUTES)[number], string> = {
    COUNTRY: 'Country',
    REGION: 'Region',
    CITY: 'City',
    DEVICE_TYPE: 'Device type',
    OPERATING_SYSTEM: 'Operating system',
    QUERY_PARAMETERS: 'Query parameters',
    REFERRER: 'Referrer',
    DATE_AND_TIME: 'Date and time',
  };
  const presets: Attribute[] = PRESET_ATTRIBUTES.map((key, i) => ({
    uid: `6650a1c0ffee0000000000f${i.toString(16)}`,
    projectUid,
    key,
    name: presetNames[key],
    description: '',
    __type: 'PRESET',
    ...t,
  }));
  const custom = (uid: string, key: string, name: string, description: string): Attribute => ({
    uid,
    projectUid,
    key,
    name,
    description,
    __type: 'CUSTOM',
    ...t,
  });
  const attributes: Attribute[] = [
    ...presets,
    custom(
      U.attributes.loyaltyTier,
      'loyalty_tier',
      'Loyalty tier',
      'bronze, silver or gold, from the loyalty programme',
    ),
    custom(U.attributes.lifetimeValue, 'lifetime_value', 'Lifetime value', 'Total spend in EUR across all orders'),
    custom(
      U.attributes.newsletterSubscriber,
      'newsletter_subscriber',
      'Newsletter subscriber',
      'Opted in to the weekly newsletter',
    ),
    custom(
      U.attributes.favouriteCategory,
      'favourite_category',
      'Favourite category',
      'Most browsed category: outdoor, city, kids',
    ),
  ];

  const event = (uid: string, key: string, description: string): PersonalizeEvent => ({
    uid,
    projectUid,
    key,
    description,
    ...t,
  });
  const events: PersonalizeEvent[] = [
    event(U.events.productView, 'product_view', 'A product detail page was viewed'),
    event(U.events.addToCart, 'add_to_cart', 'A product was added to the cart'),
    event(U.events.purchase, 'purchase', 'An order was completed'),
  ];

  const customRef = (ref: string): Rule['attribute'] => ({ __type: 'CustomAttributeReference', ref });
  const audiences: Audience[] = [
    {
      uid: U.audiences.euVisitors,
      projectUid,
      name: 'EU visitors',
      description: 'Visitors browsing from an EU country',
      definition: {
        __type: 'RuleCombination',
        combinationType: 'OR',
        rules: EU_COUNTRIES.map((c) => stringRule({ __type: 'PresetAttributeReference', ref: 'COUNTRY' }, c)),
      },
      ...t,
    },
    {
      uid: U.audiences.mobileUsers,
      projectUid,
      name: 'Mobile users',
      description: 'Visitors on a phone',
      definition: {
        __type: 'RuleCombination',
        combinationType: 'AND',
        rules: [stringRule({ __type: 'PresetAttributeReference', ref: 'DEVICE_TYPE' }, 'MOBILE')],
      },
      ...t,
    },
    {
      uid: U.audiences.goldMembers,
      projectUid,
      name: 'Gold members',
      description: 'Gold-tier members who spend a lot or read the newsletter',
      definition: {
        __type: 'RuleCombination',
        combinationType: 'AND',
        rules: [
          stringRule(customRef(U.attributes.loyaltyTier), 'gold'),
          {
            __type: 'RuleCombination',
            combinationType: 'OR',
            rules: [
              {
                __type: 'Rule',
                attribute: customRef(U.attributes.lifetimeValue),
                attributeMatchCondition: 'NUMBER_GREATER_THAN',
                attributeMatchOptions: { __type: 'NumberMatchOptions', value: 500 },
                invertCondition: false,
              },
              {
                __type: 'Rule',
                attribute: customRef(U.attributes.newsletterSubscriber),
                attributeMatchCondition: 'IS_TRUE',
                invertCondition: false,
              },
            ],
          },
        ],
      },
      ...t,
    },
  ];

  const experiences: Experience[] = [
    {
      uid: U.experiences.homepageHero,
      projectUid,
      name: 'Homepage hero by segment',
      description: 'EU visitors see the EU-wide returns promise; gold members see early access to the new collection.',
      __type: 'SEGMENTED',
      shortUid: '0',
      nextVariantShortUid: 2,
      ...seededCms(U.experiences.homepageHero),
      ...t,
    },
    {
      uid: U.experiences.freeShippingTest,
      projectUid,
      name: 'Free-shipping banner test',
      description: 'Does a free-shipping-over-€50 banner lift add-to-cart on mobile?',
      __type: 'AB_TEST',
      shortUid: '1',
      nextVariantShortUid: 2,
      ...seededCms(U.experiences.freeShippingTest),
      ...t,
    },
  ];

  const versions: Version[] = [
    {
      uid: U.versions.homepageHeroDraft,
      experienceUid: U.experiences.homepageHero,
      status: 'DRAFT',
      variants: [
        {
          __type: 'SegmentedVariant',
          shortUid: '0',
          name: 'EU visitors',
          audiences: [U.audiences.euVisitors],
          audienceCombinationType: 'OR',
        },
        {
          __type: 'SegmentedVariant',
          shortUid: '1',
          name: 'Gold members',
          audiences: [U.audiences.goldMembers],
          audienceCombinationType: 'OR',
        },
      ],
      metrics: [{ event: U.events.purchase, name: 'Purchases', __type: 'Primary' }],
      ...t,
    },
    {
      uid: U.versions.freeShippingTestDraft,
      experienceUid: U.experiences.freeShippingTest,
      status: 'DRAFT',
      variants: [
        { __type: 'ABTestVariant', shortUid: '0', name: 'Control', trafficDistribution: 50 },
        { __type: 'ABTestVariant', shortUid: '1', name: 'Free shipping over €50', trafficDistribution: 50 },
      ],
      targeting: { audience: { audiences: [U.audiences.mobileUsers], audienceCombinationType: 'OR' } },
      metrics: [
        { event: U.events.addToCart, name: 'Add to cart', __type: 'Primary' },
        { event: U.events.purchase, name: 'Purchases', __type: 'Secondary' },
      ],
      ...t,
    },
  ];

  state.projects.push(project);
  state.attributes.push(...attributes);
  state.events.push(...events);
  state.audiences.push(...audiences);
  state.experiences.push(...experiences);
  state.versions.push(...versions);
  state.priority[projectUid] = [U.experiences.homepageHero, U.experiences.freeShippingTest];
  return state;
}
