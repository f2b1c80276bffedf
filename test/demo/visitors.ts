// Who visits the demo shop: three named sample visitors whose decisions the story prints one by one, and a crowd of
// simulated visitors drawn from a fixed-seed generator (the same mix every run; only the A/B buckets, which hash the
// per-run visitor ids, differ).
import { seededRandom } from '../support/random';

export const USER_AGENTS = {
  mobile:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  desktop:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
} as const;
export type Device = keyof typeof USER_AGENTS;

export type VisitorAttributes = Record<string, string | number | boolean>;

export interface SampleVisitor {
  name: string;
  device: Device;
  /** Stored with the SDK's `set()` before the manifest that is printed. */
  attributes: VisitorAttributes;
  /** What the segmented experience should pick: the variant's key in the story, or null for the base content. */
  expectedSegment: 'gold' | 'outdoor' | null;
}

export const GOLD_ATTRIBUTES: VisitorAttributes = { loyalty_tier: 'gold', lifetime_value: 900 };
export const OUTDOOR_ATTRIBUTES: VisitorAttributes = { favourite_category: 'outdoor' };

export const SAMPLE_VISITORS: readonly SampleVisitor[] = [
  { name: 'gold-member', device: 'mobile', attributes: GOLD_ATTRIBUTES, expectedSegment: 'gold' },
  { name: 'outdoor-fan', device: 'desktop', attributes: OUTDOOR_ATTRIBUTES, expectedSegment: 'outdoor' },
  { name: 'newcomer', device: 'mobile', attributes: {}, expectedSegment: null },
];

export interface SimulatedVisitor {
  index: number;
  device: Device;
  /** Sent as live attributes with the manifest request (one request per visitor). */
  attributes: VisitorAttributes;
  /** A number in [0, 1) per later decision (add to cart, purchase), so outcomes depend on the variant seen. */
  draws: { cart: number; purchase: number };
}

export function simulatedVisitors(count: number, seed = 20261129): SimulatedVisitor[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, index) => {
    const device: Device = random() < 0.7 ? 'mobile' : 'desktop';
    const profile = random();
    const attributes = profile < 0.2 ? GOLD_ATTRIBUTES : profile < 0.5 ? OUTDOOR_ATTRIBUTES : {};
    return { index, device, attributes, draws: { cart: random(), purchase: random() } };
  });
}

/** The story's conversion model: the free-shipping banner lifts add-to-cart, a personalized hero lifts purchases. */
export function conversions(
  visitor: SimulatedVisitor,
  seen: { freeShipping: boolean; personalizedHero: boolean },
): { addToCart: boolean; purchase: boolean } {
  const addToCart = visitor.draws.cart < (seen.freeShipping ? 0.2 : 0.1);
  const purchase = addToCart && visitor.draws.purchase < (seen.personalizedHero ? 0.6 : 0.4);
  return { addToCart, purchase };
}
