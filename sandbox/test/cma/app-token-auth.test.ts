/**
 * `authorization: Bearer <app token>` on the CMA: a token the app platform issued for an installation
 * opens that installation's stack and no other, and stops working when the app is uninstalled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_PERSONALIZE_CMS, SEED_PERSONALIZE_PROJECT_UID } from '../../src/seed/personalize-seed';
import { record, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const appToken = async (): Promise<{ token: string; installationUid: string }> => {
  const install = record(
    (await h.call('POST', '/_sandbox/installations', { body: { api_key: h.creds.api_key } })).json,
  );
  const app = record((await h.call('GET', '/_sandbox/credentials')).json)['app'] as Record<string, string>;
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: String(app['client_id']),
    client_secret: String(app['client_secret']),
    redirect_uri: String(app['redirect_uri']),
    code: String(install['code']),
  });
  const res = await fetch(`${h.sandbox.url}/apps-api/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { access_token: string };
  return { token: body.access_token, installationUid: String(install['installation_uid']) };
};

describe('app tokens on the CMA', () => {
  it('accepts the token for its stack, refuses it for another and after uninstall', async () => {
    const { token, installationUid } = await appToken();
    const own = await h.call('GET', '/v3/variant_groups', {
      headers: { api_key: h.creds.api_key, authorization: `Bearer ${token}` },
    });
    expect(own.status).toBe(200);

    const other = h.creds.stacks.find((s) => s.api_key !== h.creds.api_key);
    const foreign = await h.call('GET', '/v3/variant_groups', {
      headers: { api_key: other?.api_key ?? '', authorization: `Bearer ${token}` },
    });
    expect(foreign.status).toBe(401);
    expect(foreign.json).toMatchObject({ error_code: 105 });

    const removed = await h.call('DELETE', `/_sandbox/installations/${installationUid}`);
    expect(removed.status).toBeLessThan(300);
    const after = await h.call('GET', '/v3/variant_groups', {
      headers: { api_key: h.creds.api_key, authorization: `Bearer ${token}` },
    });
    expect(after.status).toBe(401);
  });

  it("with the manifest's scopes, links content types to a Personalize-made group and writes its entry variants", async () => {
    // The app's scopes come from manifest.json: were `cm.content-types.management:write` missing there, the link
    // below would be refused with 403 errors.scope.
    const { token } = await appToken();
    const headers = { api_key: h.creds.api_key, authorization: `Bearer ${token}` };
    const [hero] = SEED_PERSONALIZE_CMS;
    const link = await h.call('PUT', `/v3/variant_groups/${hero.groupUid}/variants`, {
      headers,
      body: { content_types: [{ uid: 'promo_banner', status: 'linked' }] },
    });
    expect(link.status, JSON.stringify(link.json)).toBe(200);
    const entryVariant = await h.call(
      'PUT',
      `/v3/content_types/promo_banner/entries/blt2f7a4c8e1d6b9053/variants/${hero.variants[0].uid}`,
      { headers, body: { entry: { message: 'EU: free returns' } } },
    );
    expect(entryVariant.status, JSON.stringify(entryVariant.json)).toBe(201);
    const experiences = await fetch(`${h.sandbox.url}/personalize/experiences`, {
      headers: { authorization: `Bearer ${token}`, 'x-project-uid': SEED_PERSONALIZE_PROJECT_UID },
    });
    expect(experiences.status).toBe(200);
  });

  it('needs the scope of each route: read-only entries scope reads entries, cannot write or publish', async () => {
    const set = await h.call('PUT', '/_sandbox/app', { body: { scopes: ['cm.entries.management:read'] } });
    expect(set.status).toBe(200);
    const { token } = await appToken();
    const headers = { api_key: h.creds.api_key, authorization: `Bearer ${token}` };
    const read = await h.call('GET', '/v3/content_types/product/entries', { headers });
    expect(read.status).toBe(200);
    const write = await h.call('POST', '/v3/content_types/product/entries', {
      headers,
      body: { entry: { title: 'x', sku: 'y', price: 1 } },
    });
    expect(write.status).toBe(403);
    expect(write.json).toMatchObject({ errors: { scope: ["'cm.entries.management:write' is required."] } });
    const types = await h.call('GET', '/v3/variant_groups', { headers });
    expect(types.status).toBe(403);
    const publish = await h.call('POST', '/v3/content_types/product/entries/blt1a9c5e3f7b2d4068/publish', {
      headers,
      body: { entry: { environments: ['production'], locales: ['en-us'] } },
    });
    expect(publish.json).toMatchObject({ errors: { scope: ["'cm.entry:publish' is required."] } });
  });
});
