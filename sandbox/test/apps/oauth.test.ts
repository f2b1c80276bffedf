import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppPlatform } from '../../src/apps';
import { STACK_A, STACK_B, USER_A, USER_B, jsonOf } from './support/harness';
import type { Harness } from './support/harness';
import { REDIRECT_URI, post, startPlatform } from './support/platform-harness';

const manifest = JSON.parse(readFileSync(new URL('../../../manifest.json', import.meta.url), 'utf8')) as {
  oauth: { app_token_config: { scopes: string[] } };
};
const MANIFEST_SCOPES = manifest.oauth.app_token_config.scopes;

interface InstallAnswer {
  installation_uid: string;
  code: string;
  redirect_uri: string;
  redirect_url: string;
}

describe('OAuth for the app (apps-api/token)', () => {
  let h: Harness;
  let platform: AppPlatform;
  let client: { client_id: string; client_secret: string };

  beforeEach(async () => {
    ({ h, platform } = await startPlatform());
    const app = platform.app();
    client = { client_id: String(app['client_id']), client_secret: String(app['client_secret']) };
  });
  afterEach(() => h.close());

  const install = async (apiKey = STACK_A.apiKey): Promise<InstallAnswer> => {
    const res = await post(`${h.url}/_sandbox/installations`, { api_key: apiKey, configuration: { region: 'NA' } });
    expect(res.status).toBe(201);
    return (await jsonOf(res)) as InstallAnswer;
  };

  const form = (fields: Record<string, string>): Promise<Response> =>
    fetch(`${h.url}/apps-api/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });

  const exchange = (code: string, extra: Record<string, string> = {}): Promise<Response> =>
    form({ grant_type: 'authorization_code', ...client, redirect_uri: REDIRECT_URI, code, ...extra });

  it('installs, emits the install webhook, and simulates the redirect with a code', async () => {
    const answer = await install();
    expect(answer.redirect_uri).toBe(REDIRECT_URI);
    const redirect = new URL(answer.redirect_url);
    expect(redirect.searchParams.get('code')).toBe(answer.code);
    expect(redirect.searchParams.get('location')).toBe('NA');
    expect(h.emitted.events).toEqual([
      {
        stackApiKey: STACK_A.apiKey,
        module: 'app_installation',
        event: 'install',
        data: {
          app_installation: {
            app_uid: platform.app()['app_uid'],
            installation_uid: answer.installation_uid,
            organization_uid: STACK_A.orgUid,
            target: { type: 'stack', uid: STACK_A.apiKey },
            configuration: { region: 'NA' },
            server_configuration: {},
          },
        },
      },
    ]);
  });

  it('exchanges a code (form-encoded) for an app token the credential registry accepts', async () => {
    const { code, installation_uid } = await install();
    const res = await exchange(code);
    expect(res.status).toBe(200);
    const body = (await jsonOf(res)) as Record<string, unknown>;
    expect(body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3600,
      location: 'NA',
      organization_uid: STACK_A.orgUid,
      authorization_type: 'app',
      stack_api_key: STACK_A.apiKey,
      installation_uid,
    });
    expect(typeof body['access_token']).toBe('string');
    expect(typeof body['refresh_token']).toBe('string');
    const principal = h.credentials.resolve({ authorization: `Bearer ${String(body['access_token'])}` });
    expect(principal).toMatchObject({ kind: 'app', installationUid: installation_uid, stackApiKey: STACK_A.apiKey });
    // The token carries exactly the scopes the app's manifest asks for (read here on its own, as the oracle).
    expect(principal?.kind === 'app' ? principal.scopes : []).toEqual(MANIFEST_SCOPES);
    expect(String(body['scope']).split(' ')).toEqual(MANIFEST_SCOPES);
    // The token expires after 3600 s.
    h.clock.advance(3601_000);
    expect(h.credentials.resolve({ authorization: `Bearer ${String(body['access_token'])}` })).toBeUndefined();
  });

  it('accepts a JSON body too', async () => {
    const { code } = await install();
    const res = await post(`${h.url}/apps-api/token`, {
      grant_type: 'authorization_code',
      ...client,
      redirect_uri: REDIRECT_URI,
      code,
    });
    expect(res.status).toBe(200);
  });

  it('a code works once', async () => {
    const { code } = await install();
    expect((await exchange(code)).status).toBe(200);
    const again = await exchange(code);
    expect(again.status).toBe(400);
    expect(await jsonOf(again)).toMatchObject({ error: 'invalid_grant' });
  });

  it('a code expires after 60 s', async () => {
    const { code } = await install();
    h.clock.advance(61_000);
    const res = await exchange(code);
    expect(res.status).toBe(400);
    expect(await jsonOf(res)).toMatchObject({ error: 'invalid_grant' });
  });

  it.each([
    ['a wrong client secret', { client_secret: 'nope' }, 401, 'invalid_client'],
    ['an unknown client id', { client_id: 'nope' }, 401, 'invalid_client'],
    ['a different redirect_uri', { redirect_uri: 'http://evil.example/cb' }, 400, 'invalid_grant'],
    ['an unknown code', { code: 'code_unknown' }, 400, 'invalid_grant'],
  ])('refuses %s', async (_name, override, status, error) => {
    const { code } = await install();
    const res = await exchange(code, override);
    expect(res.status).toBe(status);
    expect(await jsonOf(res)).toMatchObject({ error });
  });

  it.each([
    ['no grant_type', {}, 'invalid_request'],
    ['an unsupported grant_type', { grant_type: 'password' }, 'unsupported_grant_type'],
    [
      'a code grant without code',
      { grant_type: 'authorization_code', client_id: 'x', client_secret: 'y', redirect_uri: 'z' },
      'invalid_request',
    ],
  ])('answers 400 to %s', async (_name, fields, error) => {
    const res = await form(fields);
    expect(res.status).toBe(400);
    expect(await jsonOf(res)).toMatchObject({ error });
  });

  it('answers 400 invalid_request to malformed JSON', async () => {
    const res = await post(`${h.url}/apps-api/token`, '{"grant_type":');
    expect(res.status).toBe(400);
    expect(await jsonOf(res)).toMatchObject({ error: 'invalid_request' });
  });

  it('refreshes: a new access token, the refresh token rotates', async () => {
    const { code } = await install();
    const first = (await jsonOf(await exchange(code))) as Record<string, string>;
    const refresh = (): Promise<Response> =>
      form({ grant_type: 'refresh_token', ...client, refresh_token: String(first['refresh_token']) });
    const res = await refresh();
    expect(res.status).toBe(200);
    const second = (await jsonOf(res)) as Record<string, string>;
    expect(second['access_token']).not.toBe(first['access_token']);
    expect(h.credentials.resolve({ authorization: `Bearer ${String(second['access_token'])}` })).toMatchObject({
      kind: 'app',
    });
    const reused = await refresh();
    expect(reused.status).toBe(400);
    expect(await jsonOf(reused)).toMatchObject({ error: 'invalid_grant' });
  });

  it('re-authorizing an installed stack gives a new code without a second install webhook', async () => {
    const first = await install();
    const res = await post(`${h.url}/_sandbox/installations`, { api_key: STACK_A.apiKey });
    expect(res.status).toBe(200);
    const second = (await jsonOf(res)) as InstallAnswer;
    expect(second.installation_uid).toBe(first.installation_uid);
    expect(second.code).not.toBe(first.code);
    expect(h.emitted.events.filter((e) => e.event === 'install')).toHaveLength(1);
  });

  it('updates and uninstalls: webhooks emitted, tokens revoked', async () => {
    const { code, installation_uid } = await install();
    const token = String(((await jsonOf(await exchange(code))) as Record<string, unknown>)['access_token']);
    const upd = await fetch(`${h.url}/_sandbox/installations/${installation_uid}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ server_configuration: { webhook_secret: 's' } }),
    });
    expect(upd.status).toBe(200);
    const del = await fetch(`${h.url}/_sandbox/installations/${installation_uid}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect(h.emitted.events.map((e) => e.event)).toEqual(['install', 'update', 'uninstall']);
    expect(h.credentials.resolve({ authorization: `Bearer ${token}` })).toBeUndefined();
  });

  it('serves an installation to its own token and to users of its organization only', async () => {
    const { code, installation_uid } = await install();
    const token = String(((await jsonOf(await exchange(code))) as Record<string, unknown>)['access_token']);
    const get = (headers: Record<string, string>): Promise<Response> =>
      fetch(`${h.url}/apps-api/installations/${installation_uid}/installationData`, { headers });
    const mine = await get({ authorization: `Bearer ${token}` });
    expect(mine.status).toBe(200);
    expect(await jsonOf(mine)).toEqual({ data: { configuration: { region: 'NA' }, server_configuration: {} } });
    expect((await get({ authtoken: USER_A })).status).toBe(200);
    expect((await get({ authtoken: USER_B })).status).toBe(404);
    expect((await get({})).status).toBe(401);
  });

  it('install on an unknown stack is 412 and changes nothing', async () => {
    const res = await post(`${h.url}/_sandbox/installations`, { api_key: 'blt_nope' });
    expect(res.status).toBe(412);
    expect(await jsonOf(res)).toMatchObject({ error_code: 109, errors: { api_key: ['is not valid.'] } });
    expect(platform.state.installationsList()).toHaveLength(0);
    expect(h.emitted.events).toHaveLength(0);
    // A stack of another organization installs into that organization.
    const other = (await jsonOf(
      await post(`${h.url}/_sandbox/installations`, { api_key: STACK_B.apiKey }),
    )) as InstallAnswer;
    const token = (await jsonOf(await exchange(other.code))) as Record<string, unknown>;
    expect(token['organization_uid']).toBe(STACK_B.orgUid);
  });
});
