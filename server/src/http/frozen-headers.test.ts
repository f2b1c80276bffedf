import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frozenHeaders, recordHeaders } from './frozen-headers';
import { HEADER_PROFILES } from './security';

/** Every response header but the ones that change per answer. */
async function headersOf(base: string, path: string): Promise<Record<string, string>> {
  const response = await fetch(`${base}${path}`);
  const kept: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!['date', 'etag', 'keep-alive', 'connection'].includes(name)) kept[name] = value;
  });
  return kept;
}

describe('helmet frozen into one list', () => {
  let base: string;
  let server: Server;
  beforeAll(async () => {
    const app = express();
    for (const [name, options] of Object.entries(HEADER_PROFILES)) {
      app.get(`/live/${name}`, helmet(options), (_req, res) => res.json({ ok: true }));
      app.get(`/frozen/${name}`, frozenHeaders(helmet(options)), (_req, res) => res.json({ ok: true }));
    }
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each(Object.keys(HEADER_PROFILES))('answers exactly what live helmet answers for the %s profile', async (name) => {
    const live = await headersOf(base, `/live/${name}`);
    expect(live['content-security-policy']).toBeDefined();
    expect(await headersOf(base, `/frozen/${name}`)).toEqual(live);
  });

  it('records helmet’s removal of X-Powered-By', () => {
    expect(recordHeaders(helmet(HEADER_PROFILES.edge)).removed).toContain('X-Powered-By');
  });

  it('refuses a middleware that does not answer at once or fails', () => {
    const later: RequestHandler = (_req, _res, next) => void setTimeout(next, 0);
    const failing: RequestHandler = (_req, _res, next) => next(new Error('bad directive'));
    expect(() => recordHeaders(later)).toThrow(/synchronously/);
    expect(() => recordHeaders(failing)).toThrow('bad directive');
  });
});
