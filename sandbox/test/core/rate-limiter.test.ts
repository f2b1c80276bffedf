import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/core/rate-limiter';

describe('RateLimiter (rolling one-second window)', () => {
  it('allows `limit` requests in any second and names when the next one fits', () => {
    const limiter = new RateLimiter({ write: 3 });
    expect([0, 100, 200].map((t) => limiter.take('org', 'write', t))).toEqual([
      { ok: true, limit: 3, remaining: 2 },
      { ok: true, limit: 3, remaining: 1 },
      { ok: true, limit: 3, remaining: 0 },
    ]);
    expect(limiter.take('org', 'write', 300)).toEqual({ ok: false, limit: 3, retryAfterSec: 1 });
    // At t=1000 the request from t=0 has left the window.
    expect(limiter.take('org', 'write', 1000)).toMatchObject({ ok: true });
    expect(limiter.take('org', 'write', 1001)).toMatchObject({ ok: false });
  });

  it('keeps separate budgets per organization and per kind', () => {
    const limiter = new RateLimiter({ read: 1, write: 1 });
    expect(limiter.take('a', 'write', 0).ok).toBe(true);
    expect(limiter.take('a', 'write', 1).ok).toBe(false);
    expect(limiter.take('a', 'read', 2).ok).toBe(true);
    expect(limiter.take('b', 'write', 3).ok).toBe(true);
  });

  it('does not count refused requests against the window', () => {
    const limiter = new RateLimiter({ write: 1 });
    limiter.take('a', 'write', 0);
    for (let t = 100; t < 1000; t += 100) expect(limiter.take('a', 'write', t).ok).toBe(false);
    expect(limiter.take('a', 'write', 1000).ok).toBe(true);
  });
});
