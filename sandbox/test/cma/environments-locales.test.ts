/**
 * Environments and locales as `csdx cm:stacks:import` writes them: POST and PUT in the CMA's envelopes
 * (`{environment}`, `{locale}`, `{notice}`), uids that stay with the name, refusals that change nothing, and
 * what was added reaching publishing and surviving a reset only as the seed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_SEED, startSandbox } from '../../src/index';
import type { RunningSandbox } from '../../src/index';

describe('environments and locales over the CMA', () => {
  let sandbox: RunningSandbox;
  const headers = {
    api_key: SANDBOX_SEED.demo.apiKey,
    authorization: SANDBOX_SEED.demo.managementToken,
    'content-type': 'application/json',
  };
  const cma = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> => {
    const res = await fetch(`${sandbox.url}/v3${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: await res.json() };
  };
  const digest = async (): Promise<string> =>
    ((await (await fetch(`${sandbox.url}/_sandbox/state-digest`)).json()) as { digest: string }).digest;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, rateLimits: { read: 1000, write: 1000 } });
  });
  afterAll(() => sandbox.close());

  it('lists the seeded ones with uids', async () => {
    const envs = (await cma('GET', '/environments?include_count=true')).body as {
      environments: { uid: string; name: string }[];
      count: number;
    };
    expect(envs.count).toBe(2);
    for (const e of envs.environments) expect(e.uid).toMatch(/^blt[0-9a-f]{16}$/);
    const locales = (await cma('GET', '/locales')).body as { locales: { uid: string; code: string }[] };
    expect(locales.locales.map((l) => l.code)).toEqual(['en-us', 'fr-fr']);
  });

  it('creates and updates an environment, which publishing then accepts', async () => {
    const created = await cma('POST', '/environments', {
      environment: { name: 'staging', urls: [{ locale: 'en-us', url: 'https://staging.test/' }] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      notice: 'Environment created successfully.',
      environment: { name: 'staging', urls: [{ locale: 'en-us', url: 'https://staging.test/' }] },
    });
    const uid = (created.body as { environment: { uid: string } }).environment.uid;
    const updated = await cma('PUT', '/environments/staging', {
      environment: { name: 'staging', urls: [{ locale: 'en-us', url: 'https://stage.test/' }] },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      notice: 'Environment updated successfully.',
      environment: { uid, urls: [{ url: 'https://stage.test/' }] },
    });
    expect((await cma('GET', '/environments/staging')).body).toMatchObject({ environment: { uid } });
    const entries = (await cma('GET', '/content_types/product/entries')).body as { entries: { uid: string }[] };
    const entry = entries.entries[0]?.uid ?? '';
    const published = await cma('POST', `/content_types/product/entries/${entry}/publish`, {
      entry: { environments: ['staging'], locales: ['en-us'] },
    });
    expect(published.status).toBe(200);
  });

  it('refuses a duplicate environment, a rename and an unknown one without changing anything', async () => {
    const before = await digest();
    expect((await cma('POST', '/environments', { environment: { name: 'production' } })).status).toBe(422);
    expect((await cma('POST', '/environments', { environment: {} })).status).toBe(422);
    expect((await cma('PUT', '/environments/production', { environment: { name: 'prod' } })).status).toBe(422);
    expect((await cma('PUT', '/environments/nowhere', { environment: {} })).status).toBe(422);
    expect(await digest()).toBe(before);
  });

  it('adds and updates a locale; refuses a duplicate or a fallback that does not exist', async () => {
    const created = await cma('POST', '/locales', { locale: { code: 'de-de', name: 'Deutsch' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      notice: 'Language added successfully.',
      locale: { code: 'de-de', name: 'Deutsch', fallback_locale: 'en-us' },
    });
    const updated = await cma('PUT', '/locales/de-de', { locale: { fallback_locale: 'fr-fr' } });
    expect(updated.body).toMatchObject({
      notice: 'Language updated successfully.',
      locale: { fallback_locale: 'fr-fr' },
    });
    const before = await digest();
    expect((await cma('POST', '/locales', { locale: { code: 'fr-fr' } })).status).toBe(422);
    expect((await cma('POST', '/locales', { locale: { code: 'it-it', fallback_locale: 'xx' } })).status).toBe(422);
    expect((await cma('PUT', '/locales/en-us', { locale: { fallback_locale: 'fr-fr' } })).status).toBe(422);
    expect(await digest()).toBe(before);
    const localized = await cma('GET', '/locales');
    expect((localized.body as { locales: { code: string }[] }).locales.map((l) => l.code)).toContain('de-de');
  });

  it('forgets what was added on reset', async () => {
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
    const envs = (await cma('GET', '/environments')).body as { environments: { name: string }[] };
    expect(envs.environments.map((e) => e.name)).toEqual(['development', 'production']);
  });
});
