/**
 * The whole path through a real sandbox: install the app (install webhook), exchange the code for an app
 * token, use it on Personalize and the CMA, and receive signed webhooks that verify against the served key —
 * CMS ones only: Personalize sends none, so experience writes must not produce a delivery.
 */
import { constants, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/index';
import type { RunningSandbox } from '../../src/index';
import { jsonOf, startReceiver } from '../apps/support/harness';
import type { Receiver } from '../apps/support/harness';

interface Credentials {
  api_key: string;
  authtoken: string;
  management_token: string;
  personalize_project_uid: string;
  app: { client_id: string; client_secret: string; redirect_uri: string };
}

const postJson = (url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('sandbox: app install → token → Personalize → signed webhooks', () => {
  let sandbox: RunningSandbox;
  let receiver: Receiver;

  beforeAll(async () => {
    sandbox = await startSandbox({ timeScale: 0.001, personalizeSyncDelayMs: 20 });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
  });

  it('delivers verifiable install and CMS webhooks, and none for experience writes', async () => {
    const creds = (await jsonOf(await fetch(`${sandbox.url}/_sandbox/credentials`))) as Credentials;
    expect(creds.personalize_project_uid).toMatch(/^[0-9a-f]{24}$/);

    const target = await postJson(`${sandbox.url}/_sandbox/webhook-targets`, {
      api_key: creds.api_key,
      url: receiver.url,
    });
    expect(target.status).toBe(201);
    const install = (await jsonOf(
      await postJson(`${sandbox.url}/_sandbox/installations`, { api_key: creds.api_key }),
    )) as {
      code: string;
    };
    const tokenRes = await fetch(`${sandbox.url}/apps-api/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: creds.app.client_id,
        client_secret: creds.app.client_secret,
        redirect_uri: creds.app.redirect_uri,
        code: install.code,
      }).toString(),
    });
    expect(tokenRes.status).toBe(200);
    const token = (await jsonOf(tokenRes)) as { access_token: string };

    // The manifest's scopes let the app read Personalize.
    const listed = await fetch(`${sandbox.url}/personalize/experiences`, {
      headers: { authorization: `Bearer ${token.access_token}`, 'x-project-uid': creds.personalize_project_uid },
    });
    expect(listed.status).toBe(200);

    // Experience writes by a user: create, give the version variants, rename, delete.
    const user = { authtoken: creds.authtoken, 'x-project-uid': creds.personalize_project_uid };
    const created = await postJson(
      `${sandbox.url}/personalize/experiences`,
      { name: 'Sale banner', __type: 'AB_TEST' },
      user,
    );
    expect(created.status).toBe(201);
    const exp = (await jsonOf(created)) as { uid: string; latestVersion: string };
    const version = await fetch(`${sandbox.url}/personalize/experiences/${exp.uid}/versions/${exp.latestVersion}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...user },
      body: JSON.stringify({
        status: 'ACTIVE',
        variants: [
          { __type: 'ABTestVariant', name: 'A', trafficDistribution: 50 },
          { __type: 'ABTestVariant', name: 'B', trafficDistribution: 50 },
        ],
      }),
    });
    expect(version.status).toBe(200);
    const renamed = await fetch(`${sandbox.url}/personalize/experiences/${exp.uid}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...user },
      body: JSON.stringify({ name: 'Summer sale banner' }),
    });
    expect(renamed.status).toBe(200);
    // Past the sync's delay, so its CMS writes (which send no webhook either) have happened.
    await new Promise((r) => setTimeout(r, 200));
    expect(
      (await fetch(`${sandbox.url}/personalize/experiences/${exp.uid}`, { method: 'DELETE', headers: user })).status,
    ).toBe(204);

    // A CMS write after them: its webhook is the barrier proving nothing was queued before it.
    const entryUpdate = await fetch(`${sandbox.url}/v3/content_types/promo_banner/entries/blt2f7a4c8e1d6b9053`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', api_key: creds.api_key, authorization: creds.management_token },
      body: JSON.stringify({ entry: { message: 'Free shipping on orders over €40' } }),
    });
    expect(entryUpdate.status).toBe(200);

    // Malformed JSON and unknown routes answer in the Personalize error shape, through the real pipeline.
    const malformed = await fetch(`${sandbox.url}/personalize/experiences`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authtoken: creds.authtoken,
        'x-project-uid': creds.personalize_project_uid,
      },
      body: '{"name":',
    });
    expect(malformed.status).toBe(400);
    expect(await jsonOf(malformed)).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    const unknown = await fetch(`${sandbox.url}/personalize/segments`, { headers: { authtoken: creds.authtoken } });
    expect(await jsonOf(unknown)).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Cannot GET /personalize/segments',
    });

    // The CMA accepts the same app token.
    const cma = await fetch(`${sandbox.url}/v3/content_types`, {
      headers: { api_key: creds.api_key, authorization: `Bearer ${token.access_token}` },
    });
    expect(cma.status).toBe(200);

    const deadline = Date.now() + 10_000;
    while (receiver.received.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const bodies = receiver.received.map(
      (r) => JSON.parse(r.body.toString('utf8')) as { module: string; event: string },
    );
    expect(bodies.map((b) => `${b.module}.${b.event}`)).toEqual(['app_installation.install', 'entry.update']);
    const experienceDeliveries = (await jsonOf(
      await fetch(`${sandbox.url}/_sandbox/webhook-deliveries?module=experience`),
    )) as { deliveries: unknown[] };
    expect(experienceDeliveries.deliveries).toEqual([]);

    const keys = (await jsonOf(await fetch(`${sandbox.url}/.well-known/public-keys.json`))) as Record<string, string>;
    for (const r of receiver.received) {
      const sig = Buffer.from(String(r.headers['x-contentstack-request-signature']).replace(/^v1=/, ''), 'base64');
      const opts = { key: String(keys['signing-key']), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
      expect(verify('sha256', r.body, opts, sig)).toBe(true);
      const changed = Buffer.concat([r.body, Buffer.from(' ')]);
      expect(verify('sha256', changed, opts, sig)).toBe(false);
    }

    const requests = (await jsonOf(await fetch(`${sandbox.url}/_sandbox/requests`))) as {
      requests: Array<{ path: string; kind?: string; org?: string }>;
    };
    expect(requests.requests.find((r) => r.path === '/personalize/experiences')).toMatchObject({ kind: 'personalize' });
  });
});
