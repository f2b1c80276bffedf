import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { MemoryStore } from 'express-rate-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateLimits } from './rate-limit';

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
      store: () => new MemoryStore(),
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
