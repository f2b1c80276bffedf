// The callback's decisions with its ports scripted (test/marketplace/install-lifecycle.test.ts runs the real flow).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppTokens, OAuthClient } from './oauth-client';
import { oauthCallbackRouter } from './oauth-callback';
import type { InstallationView } from './installation-store';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve()))));

const tokens = (change: Partial<AppTokens> = {}): AppTokens => ({
  accessToken: 'cs_at_secret',
  refreshToken: 'cs_rt_secret',
  expiresAt: Date.now() + 3_600_000,
  organizationUid: 'org',
  stackApiKey: 'blt_stack',
  installationUid: 'inst_1',
  ...change,
});

async function callback(
  query: string,
  options: { answer?: Awaited<ReturnType<OAuthClient['exchangeCode']>>; serverRegion?: string; lookup?: string },
) {
  const stored: unknown[] = [];
  const authorized: string[] = [];
  const app = express();
  app.use(
    oauthCallbackRouter({
      oauth: {
        exchangeCode: () => Promise.resolve(options.answer ?? { ok: true, tokens: tokens() }),
        refresh: () => Promise.reject(new Error('unused')),
      },
      store: {
        recordTokens: (who, t) => {
          stored.push({ who, accessToken: t.accessToken });
          return Promise.resolve({ ...who, projectUid: 'proj' } as unknown as InstallationView);
        },
      },
      lookupTarget: () => Promise.resolve(options.lookup),
      serverRegion: options.serverRegion ?? 'na',
      onAuthorized: (stack) => {
        authorized.push(stack);
        return Promise.resolve();
      },
    }),
  );
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server?.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const response = await fetch(`http://127.0.0.1:${port}/oauth/callback?${query}`, {
    headers: { accept: 'application/json' },
  });
  return { status: response.status, body: await response.json(), stored, authorized };
}

describe('GET /oauth/callback', () => {
  it('stores the tokens with the region, queues the first sync and answers without a token', async () => {
    const answer = await callback('code=c1&location=NA', { answer: { ok: true, tokens: tokens({ location: 'NA' }) } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      status: 'installed',
      stack_api_key: 'blt_stack',
      installation_uid: 'inst_1',
      personalize_project_uid: 'proj',
    });
    expect(JSON.stringify(answer.body)).not.toContain('secret');
    expect(answer.stored).toEqual([
      {
        who: { stackApiKey: 'blt_stack', installationUid: 'inst_1', organizationUid: 'org', region: 'NA' },
        accessToken: 'cs_at_secret',
      },
    ]);
    expect(answer.authorized).toEqual(['blt_stack']);
  });

  it.each([
    ['EU', 'na', 400],
    ['AZURE_NA', 'azure-na', 200],
    ['NA', 'eu', 400],
  ])('an install from %s on a server in %s answers %i', async (location, serverRegion, status) => {
    const answer = await callback(`code=c1&location=${location}`, { serverRegion });
    expect(answer.status).toBe(status);
    expect(answer.stored).toHaveLength(status === 200 ? 1 : 0);
    if (status === 400) expect(answer.body).toEqual({ error: 'wrong-region', location });
  });

  it('finds the stack through the installation when the token answer does not name it', async () => {
    const { stackApiKey: _s, installationUid: _i, ...anonymous } = tokens();
    const answer = await callback('code=c1&installation_uid=inst_9', {
      answer: { ok: true, tokens: anonymous },
      lookup: 'blt_found',
    });
    expect(answer.status).toBe(200);
    expect(answer.stored).toMatchObject([{ who: { stackApiKey: 'blt_found', installationUid: 'inst_9' } }]);
  });

  it.each([
    [
      'a refused code',
      'code=c1',
      { ok: false, reason: 'invalid-grant', detail: 'invalid_grant' },
      'authorization-failed',
    ],
    ['a denied authorization', 'error=access_denied', undefined, 'authorization-denied'],
    ['no code at all', '', undefined, 'authorization-denied'],
  ] as const)('answers 400 for %s and stores nothing', async (_what, query, answer, error) => {
    const result = await callback(query, answer === undefined ? {} : { answer });
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ error });
    expect(result.stored).toEqual([]);
    expect(result.authorized).toEqual([]);
  });
});
