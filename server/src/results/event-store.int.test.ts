// The event store against real Redis: unique visitors, the 30-day conversion window, once-per-user conversions.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONVERSION_WINDOW_SECONDS,
  DAILY_TTL_SECONDS,
  createRedisEventStore,
  forgetResults,
  resultKeys,
  type EventStore,
} from './event-store';
import { REDIS_URL, removePrefix } from '@pb/test/support/redis';

const prefix = `pbtest${randomBytes(4).toString('hex')}`;
const DAY = 24 * 3600 * 1000;
let redis: Redis;
let clock = Date.UTC(2026, 10, 1);
let store: EventStore;

beforeAll(() => {
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  store = createRedisEventStore(redis, prefix, { now: () => clock });
});
afterAll(async () => {
  await removePrefix(redis, prefix);
  redis.disconnect();
});

const seen = (variantShortUid: string, versionUid = 'v1') => ({ experienceShortUid: '3', versionUid, variantShortUid });

describe('Redis event store', () => {
  it('counts a visitor once per variant, every impression, and conversions once per user and event', async () => {
    expect(await store.recordImpressions('p', 'alice', [seen('0')])).toBe(1);
    expect(await store.recordImpressions('p', 'alice', [seen('0')])).toBe(0);
    await store.recordImpressions('p', 'bob', [seen('1')]);
    expect(await store.recordConversions('p', 'alice', ['purchase', 'purchase'])).toBe(1);
    expect(await store.recordConversions('p', 'alice', ['purchase'])).toBe(0);
    await store.recordConversions('p', 'alice', ['add_to_cart']);
    const counters = await store.counters('p', '3', 'v1');
    expect(counters.get('0')).toEqual({ visitors: 1, impressions: 2, conversions: { purchase: 1, add_to_cart: 1 } });
    expect(counters.get('1')).toEqual({ visitors: 1, impressions: 1, conversions: {} });
  });

  it('ignores a conversion without an impression, and one more than 30 days after the impression', async () => {
    expect(await store.recordConversions('p', 'carol', ['purchase'])).toBe(0);
    await store.recordImpressions('p', 'dave', [seen('1')]);
    clock += 29 * DAY;
    expect(await store.recordConversions('p', 'dave', ['purchase'])).toBe(1);
    await store.recordImpressions('p', 'erin', [seen('1')]);
    clock += 31 * DAY;
    expect(await store.recordConversions('p', 'erin', ['purchase'])).toBe(0);
    expect((await store.counters('p', '3', 'v1')).get('1')?.conversions).toEqual({ purchase: 1 });
  });

  it('keeps versions apart and lets the per-user record expire with the window', async () => {
    await store.recordImpressions('p', 'frank', [seen('0', 'v2')]);
    expect((await store.counters('p', '3', 'v2')).get('0')?.visitors).toBe(1);
    expect((await store.counters('p', '3', 'v1')).get('0')?.visitors).toBe(1);
    const ttl = await redis.ttl(resultKeys(prefix).user('p', 'frank'));
    expect(ttl).toBeGreaterThan(CONVERSION_WINDOW_SECONDS - 60);
    expect(ttl).toBeLessThanOrEqual(CONVERSION_WINDOW_SECONDS);
  });

  it("forgetting the project's results leaves other projects alone", async () => {
    await store.recordImpressions('other', 'gina', [seen('0')]);
    expect(await forgetResults(redis, prefix, 'p')).toBeGreaterThan(0);
    expect(await redis.keys(`${prefix}:{prj:p}:*`)).toEqual([]);
    expect((await store.counters('other', '3', 'v1')).get('0')?.visitors).toBe(1);
  });

  it('keeps daily counts next to the totals and reads them back as a cumulative series per UTC day', async () => {
    const q = (user: string, variant: string) => store.recordImpressions('q', user, [seen(variant, 'v7')]);
    clock = Date.UTC(2027, 0, 10, 9);
    await q('hana', '0');
    clock = Date.UTC(2027, 0, 10, 23, 59, 59); // still the 10th in UTC
    await q('ivan', '1');
    clock = Date.UTC(2027, 0, 11, 0, 0, 1);
    await q('jon', '0');
    expect(await q('hana', '0')).toBe(0); // a repeat view is no new visitor, today or on its first day
    expect(await store.recordConversions('q', 'hana', ['purchase', 'add_to_cart'])).toBe(2);
    await store.recordConversions('q', 'ivan', ['add_to_cart']);
    clock = Date.UTC(2027, 0, 12, 15);

    const options = { variants: ['0', '1'], eventKey: 'purchase' };
    const series = await store.series('q', '3', 'v7', options);
    expect(series).toEqual([
      {
        at: '2027-01-10T00:00:00Z',
        variants: [
          { shortUid: '0', visitors: 1, conversions: 0 },
          { shortUid: '1', visitors: 1, conversions: 0 },
        ],
      },
      {
        at: '2027-01-11T00:00:00Z',
        variants: [
          { shortUid: '0', visitors: 2, conversions: 1 },
          { shortUid: '1', visitors: 1, conversions: 0 },
        ],
      },
      {
        at: '2027-01-12T00:00:00Z',
        variants: [
          { shortUid: '0', visitors: 2, conversions: 1 },
          { shortUid: '1', visitors: 1, conversions: 0 },
        ],
      },
    ]);
    const totals = await store.counters('q', '3', 'v7');
    const last = series.at(-1)?.variants;
    expect(last?.map((v) => v.visitors)).toEqual([totals.get('0')?.visitors, totals.get('1')?.visitors]);
    expect(last?.map((v) => v.conversions)).toEqual([1, totals.get('1')?.conversions['purchase'] ?? 0]);
    const byCart = await store.series('q', '3', 'v7', { ...options, eventKey: 'add_to_cart' });
    expect(byCart.at(-1)?.variants.map((v) => v.conversions)).toEqual([1, 1]);

    expect(await store.series('q', '3', 'v1', options)).toEqual([]); // another version has its own days
    const ttl = await redis.ttl(resultKeys(prefix).daily('q', '3', 'v7'));
    expect(ttl).toBeGreaterThan(DAILY_TTL_SECONDS - 60);
    expect(ttl).toBeLessThanOrEqual(DAILY_TTL_SECONDS);
    expect(await forgetResults(redis, prefix, 'q')).toBeGreaterThan(0);
    expect(await store.series('q', '3', 'v7', options)).toEqual([]);
  });
});
