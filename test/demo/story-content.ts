// What the demo creates, as data: the two experiences (after the seed's Northwind story: a homepage hero by segment
// and a free-shipping banner A/B test), their audiences and metrics, and the words authored for each variant.

export const SEGMENTED = {
  name: (runId: string) => `Homepage hero by segment · demo ${runId}`,
  description: 'Gold members see early access; outdoor fans see trail-tested layers.',
  contentType: 'home_hero',
  field: 'headline',
  base: (runId: string) => ({
    title: `Demo hero · ${runId}`,
    headline: 'Made for the long way round',
    subheadline: 'New autumn layers, tested in the Highlands.',
  }),
  variants: {
    gold: {
      name: 'Gold members',
      audience: 'Gold members',
      text: 'Gold members: early access to the winter collection',
    },
    outdoor: { name: 'Outdoor fans', audience: 'Outdoor fans', text: 'Trail-tested layers for your next hike' },
  },
} as const;

export const AB_TEST = {
  name: (runId: string) => `Free-shipping banner test · demo ${runId}`,
  description: 'Does a free-shipping-over-€50 banner lift add-to-cart on mobile?',
  contentType: 'promo_banner',
  field: 'message',
  audience: 'Mobile users',
  base: (runId: string) => ({ title: `Demo banner · ${runId}`, message: 'New autumn layers are in' }),
  variants: {
    control: { name: 'Control', share: 50 },
    freeShipping: { name: 'Free shipping over €50', share: 50, text: 'Free shipping on orders over €50' },
  },
} as const;

export type SegmentKey = keyof typeof SEGMENTED.variants;

export const EVENTS = [
  { key: 'add_to_cart', description: 'A product was added to the cart' },
  { key: 'purchase', description: 'An order was completed' },
] as const;

/** Metrics per experience, by event key: the first is primary. */
export const METRICS = {
  segmented: [{ event: 'purchase', name: 'Purchases' }],
  ab: [
    { event: 'add_to_cart', name: 'Add to cart' },
    { event: 'purchase', name: 'Purchases' },
  ],
} as const;

/** Custom attributes the audiences use (created when a stack lacks them). */
export const ATTRIBUTES = [
  { key: 'loyalty_tier', name: 'Loyalty tier' },
  { key: 'lifetime_value', name: 'Lifetime value' },
  { key: 'favourite_category', name: 'Favourite category' },
] as const;

type Ref = { __type: 'CustomAttributeReference' | 'PresetAttributeReference'; ref: string };

const equals = (attribute: Ref, value: string) => ({
  __type: 'Rule',
  attribute,
  attributeMatchCondition: 'STRING_EQUALS',
  attributeMatchOptions: { __type: 'StringMatchOptions', value },
  invertCondition: false,
});

/**
 * Audience definitions by name. "Gold members" and "Mobile users" are the seed's (used as they are when present;
 * these simpler equivalents are created only on a stack without them). "Outdoor fans" is created by every run.
 */
export function audienceDefinition(
  name: string,
  attributeUid: (key: string) => string,
): { description: string; definition: Record<string, unknown> } {
  const custom = (key: string): Ref => ({ __type: 'CustomAttributeReference', ref: attributeUid(key) });
  switch (name) {
    case 'Gold members':
      return {
        description: 'Gold-tier members who spend a lot',
        definition: {
          __type: 'RuleCombination',
          combinationType: 'AND',
          rules: [
            equals(custom('loyalty_tier'), 'gold'),
            {
              __type: 'Rule',
              attribute: custom('lifetime_value'),
              attributeMatchCondition: 'NUMBER_GREATER_THAN',
              attributeMatchOptions: { __type: 'NumberMatchOptions', value: 500 },
              invertCondition: false,
            },
          ],
        },
      };
    case 'Mobile users':
      return {
        description: 'Visitors on a phone',
        definition: {
          __type: 'RuleCombination',
          combinationType: 'AND',
          rules: [equals({ __type: 'PresetAttributeReference', ref: 'DEVICE_TYPE' }, 'MOBILE')],
        },
      };
    default:
      return {
        description: 'Visitors whose favourite category is outdoor',
        definition: {
          __type: 'RuleCombination',
          combinationType: 'AND',
          rules: [equals(custom('favourite_category'), 'outdoor')],
        },
      };
  }
}
