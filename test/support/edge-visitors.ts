// A crowd of visitors with mixed attributes for the edge decision checks (test/edge-worker, the edge-worker bench):
// countries in and outside the EU (and none, or a CDN's "unknown"), phones and desktops, the seeded custom
// attributes (loyalty tier, lifetime value, newsletter opt-in) stored on the server or sent live, and a share of new
// visitors without a uid. Deterministic (a seeded generator), so a failure names a visitor that can be replayed.

export const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const DESKTOP =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';

export interface EdgeVisitor {
  /** Undefined: a new visitor (the first answer issues a uid). */
  userUid: string | undefined;
  headers: Record<string, string>;
  /** Attributes written with PATCH /user-attributes before the manifest (stored on the server). */
  stored: Record<string, string | number | boolean> | null;
}

/** mulberry32: a tiny seeded generator, enough to spread visitors over the cases. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;

export function edgeVisitors(count: number, projectUid: string, seed = 14): EdgeVisitor[] {
  const random = generator(seed);
  const visitors: EdgeVisitor[] = [];
  for (let i = 0; i < count; i++) {
    const headers: Record<string, string> = {
      'x-project-uid': projectUid,
      'user-agent': pick(random, [IPHONE, DESKTOP, ANDROID]),
    };
    const country = pick(random, ['DE', 'FR', 'IT', 'US', 'GB', 'XX', null]);
    if (country !== null) headers['cf-ipcountry'] = country;
    const attributes: Record<string, string | number | boolean> = {};
    const tier = pick(random, ['gold', 'silver', 'bronze', null]);
    if (tier !== null) attributes['loyalty_tier'] = tier;
    if (random() < 0.6) attributes['lifetime_value'] = Math.round(random() * 1000);
    if (random() < 0.4) attributes['newsletter_subscriber'] = random() < 0.5;
    const isNew = random() < 0.1;
    const live = !isNew && random() < 0.2;
    if (live && Object.keys(attributes).length > 0) headers['x-live-attributes'] = JSON.stringify(attributes);
    const userUid = isNew ? undefined : `edge-visitor-${seed}-${i}`;
    if (userUid !== undefined) headers['x-cs-personalize-user-uid'] = userUid;
    visitors.push({
      userUid,
      headers,
      stored: isNew || live || Object.keys(attributes).length === 0 ? null : attributes,
    });
  }
  return visitors;
}

/** Runs `task` over `items` with at most `concurrency` in flight. */
export async function inBatches<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index] as T);
      }
    }),
  );
  return results;
}
