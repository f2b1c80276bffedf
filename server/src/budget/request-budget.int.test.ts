// The shared request budget against real Redis: many concurrent takers (as several workers would be) never get more
// than the limit inside any window, and every taker is eventually served.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createRedisBudget } from './request-budget';
import { REDIS_URL, removePrefix } from '@pb/test/support/redis';

const redis = new Redis(REDIS_URL);
const prefix = `pbbudget${randomBytes(4).toString('hex')}`;

afterAll(async () => {
  await removePrefix(redis, prefix);
  redis.disconnect();
});

describe('createRedisBudget', () => {
  it('admits at most the limit per window across concurrent takers, per organization and kind', async () => {
    const windowMs = 400;
    const budgets = [0, 1, 2].map(() =>
      createRedisBudget(redis, {
        limits: { read: 5, write: 5, personalize: 5 },
        windowMs,
        keyFor: (o, k) => `${prefix}:${o}:${k}`,
      }),
    );
    const started = Date.now();
    let served = 0;
    // 15 calls at 5 per window need at least two full windows after the first five.
    await Promise.all(
      Array.from({ length: 15 }, async (_, i) => {
        await budgets[i % 3]?.take('org1', 'read');
        served += 1;
        expect(await redis.zcard(`${prefix}:org1:read`)).toBeLessThanOrEqual(5);
      }),
    );
    expect(served).toBe(15);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2 * windowMs);
    // Another organization, and another kind, have budgets of their own: served at once, nothing shared.
    await budgets[0]?.take('org2', 'read');
    await budgets[0]?.take('org1', 'write');
    expect(await redis.zcard(`${prefix}:org2:read`)).toBe(1);
    expect(await redis.zcard(`${prefix}:org1:write`)).toBe(1);
  });
});
