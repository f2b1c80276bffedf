import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from './app';
import { corsPolicy, securityHeaders, uiOriginsFrom } from './security';

const APP_ORIGIN = 'https://app.example';

async function listen(app: express.Express): Promise<{ base: string; server: Server }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('UI origins from configuration', () => {
  it.each([
    ['unset in development: every origin', { NODE_ENV: 'development' }, '*'],
    ['unset in production: none', { NODE_ENV: 'production' }, []],
    [
      'a list, trimmed, without trailing slashes',
      { NODE_ENV: 'production', UI_ALLOWED_ORIGINS: ' https://a.example/ , https://b.example,' },
      ['https://a.example', 'https://b.example'],
    ],
    ['an explicit star', { NODE_ENV: 'production', UI_ALLOWED_ORIGINS: 'https://a.example,*' }, '*'],
  ])('%s', (_name, config, expected) => {
    expect(uiOriginsFrom(config)).toEqual(expected);
  });
});

describe('security headers and CORS', () => {
  let base: string;
  let server: Server;
  const reached: string[] = [];
  beforeAll(async () => {
    const app = express();
    app.use(securityHeaders);
    app.use(corsPolicy([APP_ORIGIN]));
    app.all('/{*rest}', (req, res) => {
      reached.push(`${req.method} ${req.path}`);
      res.json({ ok: true });
    });
    ({ base, server } = await listen(app));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each([
    ['/api/ui/experiences', "default-src 'none'", 'same-origin', 'no-store'],
    ['/webhooks/contentstack', "default-src 'none'", 'same-origin', null],
    ['/oauth/callback', "default-src 'none'", 'same-origin', 'no-store'],
    ['/edge/manifest', "default-src 'none'", 'cross-origin', null],
    ['/admin/queues', "script-src 'self'", 'same-origin', null],
  ])('%s carries helmet’s headers for what it serves', async (path, csp, corp, cacheControl) => {
    const response = await fetch(`${base}${path}`);
    expect(response.headers.get('content-security-policy')).toContain(csp);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('cross-origin-resource-policy')).toBe(corp);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe(cacheControl);
  });

  it('answers the edge API with the API set of headers and none of helmet’s for HTML documents', async () => {
    const response = await fetch(`${base}/edge/manifest`);
    const names: string[] = [];
    response.headers.forEach((_value, name) => names.push(name));
    for (const documentOnly of [
      'cross-origin-opener-policy',
      'origin-agent-cluster',
      'x-dns-prefetch-control',
      'x-download-options',
      'x-permitted-cross-domain-policies',
      'x-xss-protection',
    ])
      expect(names).not.toContain(documentOnly);
    // The API routes keep helmet's full set.
    const api = await fetch(`${base}/api/ui/experiences`);
    expect(api.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(api.headers.get('x-dns-prefetch-control')).toBe('off');
  });

  it('lets the app’s origin preflight and call /api/ui, exposing the rate-limit headers', async () => {
    const preflight = await fetch(`${base}/api/ui/experiences`, {
      method: 'OPTIONS',
      headers: { origin: APP_ORIGIN, 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(preflight.headers.get('vary')).toContain('Origin');
    const call = await fetch(`${base}/api/ui/experiences`, { headers: { origin: APP_ORIGIN } });
    expect(call.status).toBe(200);
    expect(call.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(call.headers.get('access-control-expose-headers')).toContain('Retry-After');
  });

  it('refuses another origin on /api/ui before the route runs, preflight or not', async () => {
    reached.length = 0;
    const preflight = await fetch(`${base}/api/ui/experiences/e1/mirror`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await fetch(`${base}/api/ui/experiences/e1/mirror`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    });
    expect(simple.status).toBe(403);
    expect(await simple.json()).toEqual({ error: 'forbidden', reason: 'origin-not-allowed' });
    expect(reached).toEqual([]);
  });

  it('answers the edge API’s CORS for any site, as the edge SDK needs', async () => {
    const preflight = await fetch(`${base}/edge/manifest`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-headers': 'x-project-uid' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('X-Project-Uid');
    const manifest = await fetch(`${base}/edge/manifest`, { headers: { origin: 'https://shop.example' } });
    expect(manifest.headers.get('access-control-allow-origin')).toBe('*');
    expect(manifest.headers.get('access-control-expose-headers')).toBe('X-CS-Personalize-User-Uid');
  });

  it.each(['/webhooks/contentstack', '/api/experiences/e1/results', '/oauth/callback', '/metrics'])(
    'gives %s no CORS headers: no other origin may read it',
    async (path) => {
      const response = await fetch(`${base}${path}`, { headers: { origin: APP_ORIGIN } });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    },
  );
});

describe('the HTTP app', () => {
  it('sends the security headers even on its bare health probe', async () => {
    const { base, server } = await listen(createHttpApp());
    try {
      const response = await fetch(`${base}/healthz`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-powered-by')).toBeNull();
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
