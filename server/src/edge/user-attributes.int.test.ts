// The visitor attribute store on real Redis: exact JSON round trips, removal, TTL, one GET per read on the hot path,
// concurrent writes to one visitor, two processes that learn each other's attribute names, merges across UUID and
// text uids, values left by the older hash layout, the uninstall purge of binary and text keys, and the limit on
// distinct attribute names.
import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL, removePrefix } from '@pb/test/support/redis';
import {
  attributeDictionaryKey,
  AttributeLimitError,
  MAX_ATTRIBUTE_NAMES,
  REVALIDATE_MS,
} from './attribute-dictionary';
import { createRedisUserAttributes, forgetUserAttributes, userAttributesKey } from './user-attributes';

const prefix = `pbtest${randomBytes(4).toString('hex')}`;
const TTL = 3600;
let redis: Redis;
let other: Redis;

beforeAll(() => {
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  other = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  await removePrefix(redis, prefix);
  redis.disconnect();
  other.disconnect();
});

const project = () => `prj${randomBytes(4).toString('hex')}`;

describe('the visitor attribute store', () => {
  it('gives back exactly the JSON it was given, and null removes an attribute', async () => {
    const users = createRedisUserAttributes(redis, prefix, TTL);
    const p = project();
    const attributes = {
      tier: 'gold',
      ltv: 0.30000000000000004,
      big: 1e21,
      tiny: -5e-324,
      none: [],
      mixed: [1, 'two', false],
      quote: 'a "quoted" \\ ünïcødé ✓ 😀 string',
      opted: true,
    };
    await users.patch(p, 'u1', attributes);
    expect(await users.get(p, 'u1')).toEqual(attributes);
    expect(await createRedisUserAttributes(other, prefix, TTL).get(p, 'u1')).toEqual(attributes);
    await users.patch(p, 'u1', { opted: null, never: null, tier: 'silver' });
    const { opted: _opted, ...rest } = attributes;
    expect(await users.get(p, 'u1')).toEqual({ ...rest, tier: 'silver' });
    expect(await users.get(p, 'nobody')).toEqual({});
  });

  it('keeps each visitor in one string with a TTL that every write renews, and deletes it when emptied', async () => {
    const users = createRedisUserAttributes(redis, prefix, TTL);
    const p = project();
    const user = randomUUID();
    await users.patch(p, user, { tier: 'gold', ltv: 900 });
    const key = userAttributesKey(prefix, p, user);
    expect(await redis.type(key)).toBe('string');
    expect(await redis.getBuffer(key)).toEqual(Buffer.from('["gold",900]'));
    expect(await redis.ttl(key)).toBeGreaterThan(TTL - 60);
    await redis.expire(key, 10);
    await users.patch(p, user, {});
    expect(await redis.ttl(key)).toBeGreaterThan(TTL - 60);
    await users.patch(p, user, { tier: null, ltv: null });
    expect(await redis.exists(key)).toBe(0);
    expect(await users.get(p, user)).toEqual({});
  });

  it('reads a returning visitor with one GET while the dictionary is fresh, and adds its read only when due', async () => {
    let clock = 0;
    const users = createRedisUserAttributes(redis, prefix, TTL, () => clock);
    const p = project();
    await users.patch(p, 'returning', { tier: 'gold' });
    const monitor = await redis.monitor();
    const seen: string[] = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args.some((arg) => arg.includes(p))) seen.push(String(args[0]).toLowerCase());
    });
    try {
      // MONITOR shows commands in the order Redis ran them; a marker command ends each step.
      const step = async () => {
        await redis.echo(p);
        await expect.poll(() => seen.at(-1)).toBe('echo');
        return seen.splice(0).slice(0, -1);
      };
      expect(await users.get(p, 'returning')).toEqual({ tier: 'gold' });
      expect(await step()).toEqual(['get']);
      clock += REVALIDATE_MS;
      expect(await users.get(p, 'returning')).toEqual({ tier: 'gold' });
      expect(await step()).toEqual(['get', 'hgetall']);
      expect(await users.get(p, 'returning')).toEqual({ tier: 'gold' });
      expect(await step()).toEqual(['get']);
    } finally {
      monitor.disconnect();
    }
  });

  it('keeps every one of many concurrent writes to different attributes of one visitor', async () => {
    // Two stores on two connections stand for two servers; their reads and writes interleave in Redis.
    const [one, two] = [createRedisUserAttributes(redis, prefix, TTL), createRedisUserAttributes(other, prefix, TTL)];
    const p = project();
    const names = Array.from({ length: 24 }, (_, i) => `attr_${i}`);
    await Promise.all(names.map((name, i) => (i % 2 === 0 ? one : two).patch(p, 'shared-visitor', { [name]: i })));
    const expected = Object.fromEntries(names.map((name, i) => [name, i]));
    expect(await one.get(p, 'shared-visitor')).toEqual(expected);
    // The same for two patches of one attribute each, run side by side many times.
    for (let round = 0; round < 20; round++) {
      await Promise.all([
        one.patch(p, `pair-${round}`, { left: round }),
        two.patch(p, `pair-${round}`, { right: `r${round}` }),
      ]);
      expect(await one.get(p, `pair-${round}`)).toEqual({ left: round, right: `r${round}` });
    }
  });

  it('lets a process read values whose attribute names another process added after it cached the dictionary', async () => {
    const first = createRedisUserAttributes(redis, prefix, TTL);
    const second = createRedisUserAttributes(other, prefix, TTL);
    const p = project();
    await first.patch(p, 'v1', { tier: 'gold' });
    expect(await second.get(p, 'v1')).toEqual({ tier: 'gold' });
    await first.patch(p, 'v2', { city: 'Berlin', tier: 'bronze' });
    expect(await second.get(p, 'v2')).toEqual({ city: 'Berlin', tier: 'bronze' });
    // And a write of a known and a new name from the second keeps the first's names apart.
    await second.patch(p, 'v2', { device: 'mobile', tier: null });
    expect(await first.get(p, 'v2')).toEqual({ city: 'Berlin', device: 'mobile' });
  });

  it('stores an issued UUID as 16 bytes after a marker, and any other uid as its text', async () => {
    const users = createRedisUserAttributes(redis, prefix, TTL);
    const p = project();
    const uuid = randomUUID();
    await users.patch(p, uuid, { tier: 'gold' });
    await users.patch(p, uuid.toUpperCase(), { tier: 'silver' });
    const stem = Buffer.from(`${prefix}:ua:{prj:${p}}:`);
    const binary = Buffer.concat([stem, Buffer.from([0]), Buffer.from(uuid.replaceAll('-', ''), 'hex')]);
    expect(await redis.exists(binary)).toBe(1);
    expect(await redis.exists(Buffer.concat([stem, Buffer.from(uuid.toUpperCase())]))).toBe(1);
    expect(await users.get(p, uuid)).toEqual({ tier: 'gold' });
    expect(await users.get(p, uuid.toUpperCase())).toEqual({ tier: 'silver' });
  });

  it("merges a UUID visitor into a text one and back: the source's values win, the target's others stay", async () => {
    const users = createRedisUserAttributes(redis, prefix, TTL);
    const p = project();
    const anonymous = randomUUID();
    await users.patch(p, anonymous, { tier: 'gold', ltv: 900 });
    await users.patch(p, 'crm-000123', { tier: 'silver', city: 'Berlin' });
    const target = userAttributesKey(prefix, p, 'crm-000123');
    await redis.expire(target, 10);
    await users.merge(p, anonymous, 'crm-000123');
    expect(await users.get(p, 'crm-000123')).toEqual({ tier: 'gold', ltv: 900, city: 'Berlin' });
    expect(await redis.ttl(target)).toBeGreaterThan(TTL - 60);
    expect(await users.get(p, anonymous)).toEqual({ tier: 'gold', ltv: 900 });
    const later = randomUUID();
    await users.merge(p, 'crm-000123', later);
    expect(await users.get(p, later)).toEqual({ tier: 'gold', ltv: 900, city: 'Berlin' });
    // Nothing to copy: no key is made.
    await users.merge(p, 'nobody', 'empty-target');
    expect(await redis.exists(userAttributesKey(prefix, p, 'empty-target'))).toBe(0);
  });

  it('reads a visitor left as a hash by the older layout as no attributes, and replaces it on the next write', async () => {
    const users = createRedisUserAttributes(redis, prefix, TTL);
    const p = project();
    await users.patch(p, 'current', { tier: 'gold' });
    const old = userAttributesKey(prefix, p, 'old-visitor');
    await redis.hset(old, 'tier', '"gold"');
    expect(await users.get(p, 'old-visitor')).toEqual({});
    await users.merge(p, 'old-visitor', 'current');
    expect(await users.get(p, 'current')).toEqual({ tier: 'gold' });
    await users.patch(p, 'old-visitor', { city: 'Paris' });
    expect(await redis.type(old)).toBe('string');
    expect(await users.get(p, 'old-visitor')).toEqual({ city: 'Paris' });
    await redis.del(userAttributesKey(prefix, p, 'current'));
    await redis.hset(userAttributesKey(prefix, p, 'current'), 'tier', '"bronze"');
    await users.merge(p, 'old-visitor', 'current');
    expect(await users.get(p, 'current')).toEqual({ city: 'Paris' });
  });

  it("purges a project's binary and text keys and its dictionary, and keeps another project's", async () => {
    const users = createRedisUserAttributes(redis, prefix, TTL);
    const [gone, kept] = [project(), project()];
    const uuids = Array.from({ length: 30 }, () => randomUUID());
    for (const p of [gone, kept]) {
      for (const uuid of uuids) await users.patch(p, uuid, { tier: 'gold' });
      await users.patch(p, 'crm-1', { tier: 'silver' });
    }
    expect(await forgetUserAttributes(redis, prefix, gone)).toBe(uuids.length + 2);
    expect(await redis.exists(attributeDictionaryKey(prefix, gone))).toBe(0);
    const left = await redis.keysBuffer(`${prefix}:ua:{prj:${gone}}:*`);
    expect(left).toEqual([]);
    expect(await redis.keysBuffer(`${prefix}:ua:{prj:${kept}}:*`)).toHaveLength(uuids.length + 1);
    expect(await users.get(kept, uuids[0] ?? '')).toEqual({ tier: 'gold' });
  });

  it('never writes with the indexes of a purged dictionary, and reads learn the new one within REVALIDATE_MS', async () => {
    let clock = 0;
    const writer = createRedisUserAttributes(redis, prefix, TTL);
    const reader = createRedisUserAttributes(redis, prefix, TTL, () => clock);
    const fresh = createRedisUserAttributes(other, prefix, TTL);
    const p = project();
    await writer.patch(p, 'before', { a: 1, b: 2 });
    expect(await reader.get(p, 'before')).toEqual({ a: 1, b: 2 });
    await forgetUserAttributes(redis, prefix, p);
    // After the purge (a reinstall), the names come back in another order: b is now index 0, where a was.
    await fresh.patch(p, 'after', { b: 'bee' });
    // The writer still knows a as index 0: its write is refused by the epoch check and done again with the new one.
    await writer.patch(p, 'stale-writer', { a: 'ay' });
    expect(await fresh.get(p, 'stale-writer')).toEqual({ a: 'ay' });
    expect(await writer.get(p, 'after')).toEqual({ b: 'bee' });
    clock += REVALIDATE_MS;
    expect(await reader.get(p, 'after')).toEqual({ b: 'bee' });
  });

  it(`refuses a name beyond the project's ${MAX_ATTRIBUTE_NAMES} distinct attribute names`, async () => {
    const users = createRedisUserAttributes(redis, prefix, TTL);
    const p = project();
    const many = Object.fromEntries(Array.from({ length: MAX_ATTRIBUTE_NAMES }, (_, i) => [`n${i}`, i]));
    await users.patch(p, 'crowded', many);
    expect(await users.get(p, 'crowded')).toEqual(many);
    await expect(users.patch(p, 'another', { one_too_many: true })).rejects.toThrow(AttributeLimitError);
    // Names the dictionary has are still written.
    await users.patch(p, 'another', { n999: 'last' });
    expect(await users.get(p, 'another')).toEqual({ n999: 'last' });
    expect((await redis.getBuffer(userAttributesKey(prefix, p, 'another')))?.toString()).toBe('[{"999":"last"}]');
  });
});
