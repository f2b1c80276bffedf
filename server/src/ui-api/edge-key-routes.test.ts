// The edge-key routes behind the real session gate, with an in-memory key store: a session reads and rotates its own
// installation's project key and no other; no session, no key; a server without edge keys answers 501.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Installation } from '../installations';
import type { AppTokenClaims } from './app-token';
import { edgeKeyRoutes } from './edge-key-routes';
import { requireSession } from './require-session';
import type { UiApiDeps } from './route-kit';
import { createSessionIssuer } from './session';

const north: Installation = {
  stackApiKey: 'blt_north',
  organizationUid: 'org_north',
  projectUid: 'proj_north',
  installationUid: 'inst_2',
  auth: { kind: 'app-token', accessToken: 'at' },
};
const sessions = createSessionIssuer({ secret: 's'.repeat(32), ttlSeconds: 600 });
const keys = new Map<string, string>([['proj_south', 'pbe_south']]);
let generation = 0;
const edgeKeys: NonNullable<UiApiDeps['edgeKeys']> = {
  read: (projectUid) => {
    const key = keys.get(projectUid) ?? `pbe_${projectUid}_${++generation}`;
    keys.set(projectUid, key);
    return Promise.resolve(key);
  },
  rotate: (projectUid) => {
    const key = `pbe_${projectUid}_${++generation}`;
    keys.set(projectUid, key);
    return Promise.resolve(key);
  },
};
const servers: Server[] = [];

async function serve(withKeys: boolean): Promise<string> {
  const app = express();
  const router = express.Router();
  const gate = requireSession(sessions, {
    list: () => Promise.resolve([north]),
    forStack: (apiKey) => Promise.resolve(apiKey === north.stackApiKey ? north : undefined),
  });
  // Only what the edge-key routes read of the UI API's dependencies.
  const deps = (withKeys ? { edgeKeys } : {}) as UiApiDeps;
  edgeKeyRoutes(router, deps, gate);
  app.use(router);
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/ui`;
}

let base = '';
let withoutKeys = '';
let token = '';

beforeAll(async () => {
  base = await serve(true);
  withoutKeys = await serve(false);
  const claims: AppTokenClaims = {
    stack_api_key: 'blt_north',
    organization_uid: 'org_north',
    installation_uid: 'inst_2',
    app_uid: 'app_ours',
    user_uid: 'u1',
  };
  token = (await sessions.issue(claims)).token;
});
afterAll(() => Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())))));

async function call(url: string, method = 'GET', auth = true) {
  const response = await fetch(url, { method, headers: auth ? { authorization: `Bearer ${token}` } : {} });
  const body: unknown = await response.json();
  return { status: response.status, cache: response.headers.get('cache-control'), body };
}

describe('GET /api/ui/edge-key and POST /api/ui/edge-key/rotate', () => {
  it("reads the session's project key (created on the first read, the same on the next), never cached", async () => {
    const first = await call(`${base}/edge-key`);
    expect(first).toEqual({
      status: 200,
      cache: 'no-store',
      body: { projectUid: 'proj_north', edgeKey: 'pbe_proj_north_1' },
    });
    expect((await call(`${base}/edge-key`)).body).toEqual(first.body);
  });

  it('rotates to a new key; the next read shows it; other projects keep theirs', async () => {
    const before = (await call(`${base}/edge-key`)).body;
    const rotated = await call(`${base}/edge-key/rotate`, 'POST');
    expect(rotated.status).toBe(200);
    expect(rotated.body).not.toEqual(before);
    expect((await call(`${base}/edge-key`)).body).toEqual(rotated.body);
    expect(keys.get('proj_south')).toBe('pbe_south');
  });

  it('needs a session', async () => {
    const answer = await call(`${base}/edge-key`, 'GET', false);
    expect(answer.status).toBe(401);
    expect(JSON.stringify(answer.body)).not.toContain('pbe_');
  });

  it('answers 501 on a server without edge keys', async () => {
    expect(await call(`${withoutKeys}/edge-key`)).toMatchObject({ status: 501, body: { error: 'not-implemented' } });
  });
});
