// The UI router's scoping with fakes behind its ports: which app token buys a session, which session passes the gate,
// and which experience an installation may act on. (test/marketplace/isolation.test.ts runs the same against the
// real server, sandbox and Redis.)
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { MirrorJob } from '@pb/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Installation } from '../installations';
import type { AppTokenClaims } from './app-token';
import type { ExperienceView, GroupView } from './ports';
import { createUiApiRouter } from './router';
import { sameRegion } from '../config';
import { createSessionIssuer } from './session';

const APP = 'app_ours';
const installations = new Map<string, Installation>([
  [
    'blt_north',
    {
      stackApiKey: 'blt_north',
      organizationUid: 'org_north',
      projectUid: 'proj_north',
      installationUid: 'inst_2',
      auth: { kind: 'app-token', accessToken: 'at' },
    },
  ],
]);
const claims = (change: Partial<AppTokenClaims> = {}): AppTokenClaims => ({
  stack_api_key: 'blt_north',
  organization_uid: 'org_north',
  installation_uid: 'inst_2',
  app_uid: APP,
  user_uid: 'u1',
  ...change,
});
const experience = (uid: string): ExperienceView => ({
  uid,
  shortUid: '0',
  name: uid,
  description: '',
  type: 'AB_TEST',
  latestVersion: null,
  cmsLink: null,
  contentTypes: [],
});
const group = (experienceUid: string): GroupView => ({
  uid: `grp_${experienceUid}`,
  name: experienceUid,
  contentTypes: [],
  metadata: { projectUid: 'proj_north', experienceUid, status: 'linked' },
  variants: [],
});

const sessions = createSessionIssuer({ secret: 's'.repeat(32), ttlSeconds: 600 });
const enqueued: MirrorJob[] = [];
const countedFor: string[] = [];
let base: string;
let server: Server;

beforeAll(async () => {
  const app = express();
  app.use(
    createUiApiRouter({
      // The fake verifier reads the claims from the token itself: the router's checks are what is under test.
      verifier: {
        verify: (token) => Promise.resolve({ ok: true, claims: JSON.parse(token) as AppTokenClaims }),
      },
      sessions,
      installations: {
        list: () => Promise.resolve([...installations.values()]),
        forStack: (apiKey) => Promise.resolve(installations.get(apiKey)),
      },
      readers: () => ({
        personalize: {
          listExperiences: () => Promise.resolve([experience('exp_live')]),
          listVersions: () => Promise.resolve([]),
          audienceNames: () => Promise.resolve(new Map()),
          listProjects: () => Promise.resolve([]),
        },
        stack: {
          listGroups: () => Promise.resolve([group('exp_live'), group('exp_deleted')]),
          listEntries: () => Promise.resolve([]),
          entryVariantUids: () => Promise.resolve([]),
        },
      }),
      mirrorStatus: {
        syncRecords: () => Promise.resolve(new Map()),
        reports: () => Promise.resolve(new Map()),
        jobs: () => Promise.resolve(new Map()),
      },
      coverage: { coverage: () => Promise.resolve(null), notServed: () => Promise.resolve(new Map()) },
      queues: {
        enqueueMirror: (job) => {
          enqueued.push(job);
          return Promise.resolve();
        },
        counts: (stackApiKey) => {
          countedFor.push(stackApiKey);
          return Promise.resolve({});
        },
      },
      results: {
        tables: { get: () => Promise.resolve(null) },
        events: {
          counters: () => Promise.reject(new Error('unused')),
          series: () => Promise.reject(new Error('unused')),
        },
      },
      region: 'na',
      allowedOrigins: '*',
      appUid: APP,
    }),
  );
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/ui`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function call(path: string, options: { token?: string; body?: unknown; method?: string } = {}) {
  const response = await fetch(`${base}${path}`, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const sessionFor = async (change: Partial<AppTokenClaims> = {}) => (await sessions.issue(claims(change))).token;

describe('the session exchange', () => {
  it.each([
    ['our app’s token of the current installation', {}, 200, undefined],
    ['another app’s token', { app_uid: 'app_theirs' }, 403, 'app-not-ours'],
    ['a token of a replaced installation', { installation_uid: 'inst_1' }, 403, 'installation-not-current'],
    ['a token of a stack that is not installed', { stack_api_key: 'blt_gone' }, 403, 'stack-not-installed'],
    ['a token naming another organization', { organization_uid: 'org_x' }, 403, 'stack-not-installed'],
  ])('%s → %i', async (_name, change, status, reason) => {
    const answer = await call('/session', { body: { app_token: JSON.stringify(claims(change)) } });
    expect(answer.status).toBe(status);
    if (reason !== undefined) expect(answer.body).toEqual({ error: 'forbidden', reason });
    else expect(answer.body['session_token']).toEqual(expect.any(String));
  });
});

describe('the gate', () => {
  it.each([
    ['the current installation’s session', {}, 200],
    ['a replaced installation’s session', { installation_uid: 'inst_1' }, 403],
    ['a session of a stack that is not installed', { stack_api_key: 'blt_gone' }, 403],
  ])('%s → %i', async (_name, change, status) => {
    expect((await call('/queues', { token: await sessionFor(change) })).status).toBe(status);
  });

  it('counts the queues of the session’s stack only', async () => {
    countedFor.length = 0;
    await call('/queues', { token: await sessionFor() });
    expect(countedFor).toEqual(['blt_north']);
  });
});

describe('“mirror now”', () => {
  it.each([
    ['an experience of the project', 'exp_live', 202],
    ['a deleted experience whose variant group the stack still has', 'exp_deleted', 202],
    ['an experience that is not the project’s', 'exp_elsewhere', 403],
  ])('%s → %i', async (_name, uid, status) => {
    enqueued.length = 0;
    const answer = await call(`/experiences/${uid}/mirror`, { method: 'POST', token: await sessionFor() });
    expect(answer.status).toBe(status);
    expect(enqueued).toEqual(
      status === 202
        ? [{ stackApiKey: 'blt_north', projectUid: 'proj_north', experienceUid: uid, trigger: 'manual' }]
        : [],
    );
    if (status === 403) expect(answer.body).toEqual({ error: 'forbidden', reason: 'experience-not-in-project' });
  });
});

describe('regions', () => {
  it.each([
    ['NA', 'na', true],
    ['AZURE_NA', 'azure-na', true],
    ['GCP_EU', 'gcp-eu', true],
    ['EU', 'na', false],
    ['AZURE_EU', 'azure-na', false],
  ])('the screen’s %s against the server’s %s → %s', (screen, server, same) => {
    expect(sameRegion(screen, server)).toBe(same);
  });
});
