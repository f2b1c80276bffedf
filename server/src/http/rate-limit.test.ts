import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { rateLimit } from 'express-rate-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateLimits } from './rate-limit';
import { SyncedRateLimitStore } from './synced-rate-store';

// Clients are told apart by address; behind one trusted proxy hop that is X-Forwarded-For.
const from = (ip: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string> | undefined), 'x-forwarded-for': ip },
});

let base: string;
let server: Server;
const warnings: object[] = [];

beforeAll(async () => {
  const app = express();
  app.set('trust proxy', 1);
  app.use(
    rateLimits({
      limits: { edge: 3, api: 2, auth: 1, webhooks: 0 },
      windowMs: 60_000,
      // The real store, counting locally: its sync to Redis (rate-limit.int.test.ts) never comes within this test.
      store: () => new SyncedRateLimitStore({ call: () => Promise.resolve(0) }, { keyStem: 'test', syncMs: 3_600_000 }),
      log: { warn: (object) => warnings.push(object) },
    }),
  );
  app.all('/{*rest}', (_req, res) => {
    res.json({ ok: true });
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function statuses(path: string, ip: string, count: number, init: RequestInit = {}): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push((await fetch(`${base}${path}`, from(ip, init))).status);
  return out;
}

describe('per-client rate limits', () => {
  it('answers 429 with Retry-After and the RateLimit headers over the limit, and another client is unaffected', async () => {
    expect(await statuses('/edge/manifest', '10.0.0.1', 3)).toEqual([200, 200, 200]);
    const over = await fetch(`${base}/edge/manifest`, from('10.0.0.1'));
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(over.headers.get('ratelimit-policy')).toContain('q=3');
    expect(over.headers.get('ratelimit')).toContain('r=0');
    expect(await over.json()).toEqual({
      error: 'rate-limited',
      reason: 'more than 3 requests in 60 s from this client',
    });
    expect(warnings).toContainEqual({ limit: 'edge', path: '/edge/manifest' });
    const other = await fetch(`${base}/edge/manifest`, from('10.0.0.2'));
    expect(other.status).toBe(200);
    expect(other.headers.get('ratelimit')).toContain('r=2');
  });

  it('counts each kind of endpoint on its own: exhausting the edge API leaves the app API alone', async () => {
    expect(await statuses('/edge/manifest', '10.0.1.1', 4)).toEqual([200, 200, 200, 429]);
    expect(await statuses('/api/ui/experiences', '10.0.1.1', 3)).toEqual([200, 200, 429]);
    expect(await statuses('/admin/queues', '10.0.1.1', 1)).toEqual([429]);
  });

  it('limits token exchanges (session, OAuth callback) more tightly than the rest of the API', async () => {
    expect(await statuses('/api/ui/session', '10.0.2.1', 2, { method: 'POST' })).toEqual([200, 429]);
    expect(await statuses('/oauth/callback', '10.0.2.1', 1)).toEqual([429]);
    expect(await statuses('/api/ui/experiences', '10.0.2.1', 2)).toEqual([200, 200]);
  });

  it('mounts no limit configured as 0, and never limits probes or preflights', async () => {
    expect(await statuses('/webhooks/contentstack', '10.0.3.1', 5, { method: 'POST' })).toEqual([
      200, 200, 200, 200, 200,
    ]);
    expect(await statuses('/healthz', '10.0.3.1', 5)).toEqual([200, 200, 200, 200, 200]);
    expect(await statuses('/edge/manifest', '10.0.3.1', 5, { method: 'OPTIONS' })).toEqual([200, 200, 200, 200, 200]);
  });
});

describe('the IETF RateLimit headers', () => {
  it('are written as express-rate-limit 8 writes draft 8', async () => {
    // The library itself, configured as the limits were before the middleware became ours, is the oracle.
    const app = express();
    app.set('trust proxy', 1);
    app.use(
      rateLimit({ windowMs: 60_000, limit: 3, standardHeaders: 'draft-8', legacyHeaders: false, identifier: 'edge' }),
    );
    app.all('/{*rest}', (_req, res) => void res.json({ ok: true }));
    const library = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => library.once('listening', resolve));
    try {
      const libraryBase = `http://127.0.0.1:${(library.address() as AddressInfo).port}`;
      for (const ip of ['10.0.9.1', '2001:db8:1234:5600::17']) {
        const theirs = await fetch(`${libraryBase}/edge/manifest`, from(ip));
        const ours = await fetch(`${base}/edge/manifest`, from(ip));
        expect(ours.headers.get('ratelimit-policy')).toBe(theirs.headers.get('ratelimit-policy'));
        const withoutReset = (value: string | null) => value?.replace(/t=\d+/, 't=?');
        expect(withoutReset(ours.headers.get('ratelimit'))).toBe(withoutReset(theirs.headers.get('ratelimit')));
      }
    } finally {
      await new Promise<void>((resolve) => library.close(() => resolve()));
    }
  });
});
