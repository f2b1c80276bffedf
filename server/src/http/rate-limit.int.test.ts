// The Redis store: two HTTP servers count one client together, a Redis that lost its scripts keeps counting, and a
// Redis that cannot answer lets requests through.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateLimits, redisRateLimitStore, type RedisCommands } from './rate-limit';
import { REDIS_URL, removePrefix } from '@pb/test/support/redis';

const prefix = `pbrl${randomBytes(4).toString('hex')}`;
let redis: Redis;
const servers: Server[] = [];

async function serve(commands: RedisCommands, limit = 4): Promise<string> {
  const app = express();
  app.set('trust proxy', 1);
  app.use(
    rateLimits({
      limits: { edge: limit, api: limit, auth: limit, webhooks: limit },
      windowMs: 60_000,
      store: redisRateLimitStore(commands, prefix),
    }),
  );
  app.get('/edge/manifest', (_req, res) => {
    res.json({ ok: true });
  });
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const get = async (base: string, ip: string) =>
  (await fetch(`${base}/edge/manifest`, { headers: { 'x-forwarded-for': ip } })).status;

beforeAll(() => {
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  await removePrefix(redis, prefix);
  redis.disconnect();
});

describe('rate limits in Redis', () => {
  it('shares one count per client between HTTP servers', async () => {
    const [a, b] = [await serve(redis), await serve(redis)];
    expect([
      await get(a, '10.1.0.1'),
      await get(b, '10.1.0.1'),
      await get(a, '10.1.0.1'),
      await get(b, '10.1.0.1'),
    ]).toEqual([200, 200, 200, 200]);
    expect(await get(a, '10.1.0.1')).toBe(429);
    expect(await get(b, '10.1.0.1')).toBe(429);
    expect(await get(b, '10.1.0.2')).toBe(200);
    expect(await redis.get(`${prefix}:rate:edge:10.1.0.1`)).toBe('6');
  });

  it('keeps counting after Redis forgot its scripts', async () => {
    const base = await serve(redis, 2);
    expect(await get(base, '10.2.0.1')).toBe(200);
    await redis.script('FLUSH');
    expect(await get(base, '10.2.0.1')).toBe(200);
    expect(await get(base, '10.2.0.1')).toBe(429);
  });

  it('lets requests through while Redis cannot answer, and counts again once it can', async () => {
    let down = false;
    const flaky: RedisCommands = {
      call: (command, ...args) =>
        down ? Promise.reject(new Error('connection is closed')) : redis.call(command, ...args),
    };
    const base = await serve(flaky, 1);
    expect(await get(base, '10.3.0.1')).toBe(200);
    down = true;
    await redis.script('FLUSH');
    expect([await get(base, '10.3.0.1'), await get(base, '10.3.0.1')]).toEqual([200, 200]);
    down = false;
    expect(await get(base, '10.3.0.1')).toBe(429);
  });
});
