// The Redis-synced store: two HTTP servers count one client together once they have synced, a Redis that lost its
// scripts keeps counting, and while Redis cannot answer the local count still limits (nobody under it is refused)
// and the hits counted meanwhile reach Redis once it is back.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateLimits, redisRateLimitStore, type RedisCommands } from './rate-limit';
import type { SyncedRateLimitStore } from './synced-rate-store';
import { REDIS_URL, removePrefix } from '@pb/test/support/redis';

const prefix = `pbrl${randomBytes(4).toString('hex')}`;
let redis: Redis;
const servers: Server[] = [];

interface Served {
  base: string;
  /** Adds this server's local hits in Redis now (the store's timer does it every 100 ms; tests do not wait for it). */
  sync(): Promise<void>;
}

async function serve(commands: RedisCommands, limit = 4): Promise<Served> {
  const app = express();
  app.set('trust proxy', 1);
  const stores: SyncedRateLimitStore[] = [];
  // A long timer interval: only the explicit syncs below share counts, so each step is deterministic.
  const storeOf = redisRateLimitStore(commands, prefix, { syncMs: 3_600_000 });
  app.use(
    rateLimits({
      limits: { edge: limit, api: limit, auth: limit, webhooks: limit },
      windowMs: 60_000,
      store: (name) => {
        const store = storeOf(name);
        stores.push(store);
        return store;
      },
    }),
  );
  app.get('/edge/manifest', (_req, res) => {
    res.json({ ok: true });
  });
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sync: async () => void (await Promise.all(stores.map((s) => s.sync()))),
  };
}

const get = async (server: Served, ip: string) =>
  (await fetch(`${server.base}/edge/manifest`, { headers: { 'x-forwarded-for': ip } })).status;

/** The client's count in Redis for the current edge window. */
async function sharedCount(ip: string): Promise<string | null> {
  const keys = await redis.keys(`${prefix}:rate:edge:{rl:${ip}}:*`);
  return keys.length === 1 && keys[0] !== undefined ? redis.get(keys[0]) : null;
}

beforeAll(() => {
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  await removePrefix(redis, prefix);
  redis.disconnect();
});

describe('rate limits shared through Redis', () => {
  it('shares one count per client between HTTP servers', async () => {
    const [a, b] = [await serve(redis), await serve(redis)];
    expect([await get(a, '10.1.0.1'), await get(a, '10.1.0.1')]).toEqual([200, 200]);
    expect([await get(b, '10.1.0.1'), await get(b, '10.1.0.1')]).toEqual([200, 200]);
    await a.sync();
    await b.sync();
    // b has heard of a's hits: the client has used its 4 between the two servers.
    expect(await get(b, '10.1.0.1')).toBe(429);
    // a synced before b's hits reached Redis, so it admits one more (the bound: one sync interval of the others'
    // hits), and learns the total at its next sync.
    expect(await get(a, '10.1.0.1')).toBe(200);
    await a.sync();
    expect(await get(a, '10.1.0.1')).toBe(429);
    expect(await get(b, '10.1.0.2')).toBe(200);
    await Promise.all([a.sync(), b.sync()]);
    expect(await sharedCount('10.1.0.1')).toBe('7');
    expect(await sharedCount('10.1.0.2')).toBe('1');
    // The counter is hash-tagged by client (one Redis Cluster slot) and expires a window after its own.
    const [key] = await redis.keys(`${prefix}:rate:edge:{rl:10.1.0.1}:*`);
    expect(await redis.pttl(key ?? '')).toBeGreaterThan(60_000);
  });

  it('keeps counting after Redis forgot its scripts', async () => {
    const server = await serve(redis, 2);
    expect(await get(server, '10.2.0.1')).toBe(200);
    await server.sync();
    await redis.script('FLUSH');
    expect(await get(server, '10.2.0.1')).toBe(200);
    await server.sync();
    expect(await sharedCount('10.2.0.1')).toBe('2');
    expect(await get(server, '10.2.0.1')).toBe(429);
  });

  it('limits locally while Redis cannot answer, and shares the hits once it can', async () => {
    let down = false;
    const flaky: RedisCommands = {
      call: (command, ...args) =>
        down ? Promise.reject(new Error('connection is closed')) : redis.call(command, ...args),
    };
    const [a, b] = [await serve(flaky, 2), await serve(redis, 2)];
    down = true;
    expect([await get(a, '10.3.0.1'), await get(a, '10.3.0.2')]).toEqual([200, 200]);
    await a.sync();
    expect([await get(a, '10.3.0.1'), await get(a, '10.3.0.1')]).toEqual([200, 429]);
    down = false;
    await a.sync();
    expect(await sharedCount('10.3.0.1')).toBe('3');
    // Another server learns the total at its first sync after seeing the client.
    expect(await get(b, '10.3.0.1')).toBe(200);
    await b.sync();
    expect(await get(b, '10.3.0.1')).toBe(429);
  });

  it('still counts the hits of a sync whose answer has not come back yet', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow: RedisCommands = {
      call: async (command, ...args) => {
        await held;
        return redis.call(command, ...args);
      },
    };
    const server = await serve(slow, 2);
    expect(await get(server, '10.4.0.1')).toBe(200);
    const syncing = server.sync();
    expect([await get(server, '10.4.0.1'), await get(server, '10.4.0.1')]).toEqual([200, 429]);
    release();
    await syncing;
    await server.sync();
    expect(await sharedCount('10.4.0.1')).toBe('3');
    expect(await get(server, '10.4.0.1')).toBe(429);
  });
});
