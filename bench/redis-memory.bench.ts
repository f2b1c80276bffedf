// Redis memory per 1 million users: each user with the fixture's four custom attributes (the edge API's per-user
// string, edge/user-attributes.ts) and, separately, with the experiment-event record of two impressions and one
// conversion (the results store's per-user hash). Measured as the growth of Redis' used_memory over N users, scaled
// to 1,000,000; memory is linear in users (one small key each), so the scaling is exact up to allocator rounding.
// Attributes are measured twice: for the uids the edge API issues (random UUIDs, stored as 16 bytes: the goal's row)
// and for uids a site sets itself (`setUserId`, here `crm-000123456`, stored as text). The key's length decides its
// allocation: the bench's prefix (15 characters) and project uid (12) make it one byte longer than a deployment's
// default prefix `pb` with a 24-character Personalize project uid.
import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createRedisUserAttributes } from '@pb/server/edge/user-attributes';
import { createRedisEventStore } from '@pb/server/results/event-store';
import { removePrefix } from '@pb/test/support/redis';
import { defineBench } from './lib/bench';
import { benchVisitors } from './decisions-fixture';

const PROJECT = 'benchproject';
const MB = 1024 * 1024;

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  const match = /used_memory:(\d+)/.exec(info);
  if (match === null) throw new Error('INFO memory has no used_memory');
  return Number(match[1]);
}

/**
 * used_memory once Redis has shrunk its key tables after a mass delete (its cron does, within a second or two):
 * waits until it is back within 1 MiB of `baseline` or stops falling, at most 20 s.
 */
async function settled(redis: Redis, baseline: number): Promise<number> {
  let last = await usedMemory(redis);
  for (let waited = 0; waited < 20_000 && last > baseline + MB; waited += 500) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = await usedMemory(redis);
    if (now >= last && waited >= 3000) return now;
    last = now;
  }
  return last;
}

async function inBatches(count: number, batch: number, write: (i: number) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < count; start += batch) {
    const writes: Promise<unknown>[] = [];
    for (let i = start; i < Math.min(count, start + batch); i++) writes.push(write(i));
    await Promise.all(writes);
  }
}

export default defineBench({
  name: 'redis-memory',
  async run(ctx) {
    const users = ctx.quick ? 20_000 : 200_000;
    const prefix = `pbbench${randomBytes(4).toString('hex')}`;
    const redis = new Redis(ctx.redisUrl, { maxRetriesPerRequest: 1 });
    const attributes = createRedisUserAttributes(redis, prefix, 90 * 24 * 3600);
    const events = createRedisEventStore(redis, prefix);
    const visitors = benchVisitors(1000);
    try {
      const custom = (i: number) => (visitors[i % visitors.length] as (typeof visitors)[number]).custom;
      const start = await usedMemory(redis);
      await inBatches(users, 1000, (i) => attributes.patch(PROJECT, randomUUID(), custom(i)));
      const afterAttributes = await usedMemory(redis);
      await inBatches(users, 1000, async (i) => {
        const user = `user-${i}`;
        await events.recordImpressions(PROJECT, user, [
          { experienceShortUid: '5', versionUid: 'blt0a1b2c3d4e5f6a7b', variantShortUid: String(i % 3) },
          { experienceShortUid: '0', versionUid: 'blt7b6a5f4e3d2c1b0a', variantShortUid: '1' },
        ]);
        if (i % 10 === 0) await events.recordConversions(PROJECT, user, ['purchase']);
      });
      const afterEvents = await usedMemory(redis);
      // The text uids on an emptied Redis, not on top of the keys above: Redis' key tables double in size at powers
      // of two, and the rows should each pay the same doubling (to 262,144 slots) rather than whichever comes next.
      await removePrefix(redis, prefix, 5000);
      const beforeText = await settled(redis, start);
      await inBatches(users, 1000, (i) => attributes.patch(PROJECT, `crm-${String(i).padStart(9, '0')}`, custom(i)));
      const afterText = await usedMemory(redis);
      const perMillion = (bytes: number) => ((bytes / users) * 1_000_000) / MB;
      const note = `measured over ${users.toLocaleString('en-US')} users (INFO used_memory growth), scaled to 1,000,000`;
      return [
        {
          name: 'user attributes, issued UUID uids (4 custom attributes, 90-day TTL)',
          value: perMillion(afterAttributes - start),
          unit: 'MiB / 1M users',
          goal: { op: '<=', target: 200 },
          note,
        },
        {
          name: 'user attributes, site-set text uids like crm-000123456 (same attributes)',
          value: perMillion(afterText - beforeText),
          unit: 'MiB / 1M users',
          note: `${note}; no goal: the key holds the uid as text`,
        },
        {
          name: 'experiment events (2 impressions + 10% converting, 30-day TTL)',
          value: perMillion(afterEvents - afterAttributes),
          unit: 'MiB / 1M users',
          note,
        },
      ];
    } finally {
      await removePrefix(redis, prefix, 5000);
      redis.disconnect();
    }
  },
});
