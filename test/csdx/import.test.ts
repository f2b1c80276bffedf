/**
 * Contract: the real `csdx cm:stacks:import` (@contentstack/cli 1.60) imports an export of the demo stack — made
 * with `cm:stacks:export` in this same test — into the second sandbox stack ("Contoso Staging", another
 * organization), Personalize included. The CLI creates a Personalize project, its attributes, audiences, events and
 * experiences, then waits for Personalize's CMS sync to fill each experience's `_cms` before it imports the entry
 * variants; the sandbox plays that sync after `personalizeSyncDelayMs`. The test reads the second stack back through
 * the CMA and Personalize APIs (never the CLI's word, which says "success" whatever failed) and the sandbox's request
 * log (nothing refused but the few answers the CLI expects and tolerates, named below), and finally installs the app
 * on the imported stack as `npm start` does.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_SEED, startSandbox } from '@pb/sandbox';
import type { RunningSandbox } from '@pb/sandbox';
import { createInstallation } from '@pb/sandbox/testing';
import { csdxFor } from './csdx';
import type { Csdx } from './csdx';

interface LoggedRequest {
  method: string;
  path: string;
  status: number;
}

interface StackCredentials {
  api_key: string;
  organization_uid: string;
  management_token: string;
  authtoken?: string;
}

interface VariantInfo {
  uid: string;
  name: string;
  personalize_metadata?: { variant_short_uid?: string };
}

interface Experience {
  uid: string;
  name: string;
  _cms?: { variantGroup: string; variants: Record<string, string> };
}

interface Entry {
  uid: string;
  title: string;
  locale: string;
  publish_details?: { environment: string; locale: string }[];
}

const SYNC_DELAY_MS = 200;

describe('csdx against the sandbox: import an export of the demo stack into the second stack', () => {
  let sandbox: RunningSandbox;
  let csdx: Csdx;
  let target: StackCredentials;

  let app: { client_id: string; client_secret: string };

  /** A GET on the target stack (management token) unless other headers say otherwise; must answer 200. */
  const cma = async <T>(path: string, headers: Record<string, string> = {}): Promise<T> => {
    const res = await fetch(`${sandbox.url}/v3${path}`, {
      headers: { api_key: target.api_key, authorization: target.management_token, ...headers },
    });
    expect(res.status, `GET /v3${path}`).toBe(200);
    return (await res.json()) as T;
  };
  const write = async (method: string, path: string, headers: Record<string, string>, body: unknown): Promise<void> => {
    const res = await fetch(`${sandbox.url}/v3${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    expect(res.status, `${method} /v3${path}: ${await res.text()}`).toBeLessThan(300);
  };
  const entryTitled = async (ct: string, title: string, headers: Record<string, string>): Promise<Entry> => {
    const query = encodeURIComponent(JSON.stringify({ title }));
    const { entries } = await cma<{ entries: Entry[] }>(`/content_types/${ct}/entries?query=${query}`, headers);
    expect(entries, `${ct} "${title}"`).toHaveLength(1);
    return entries[0] as Entry;
  };
  const personalize = async <T>(path: string, projectUid?: string): Promise<T> => {
    const headers: Record<string, string> = { authtoken: target.authtoken ?? '' };
    if (projectUid !== undefined) headers['x-project-uid'] = projectUid;
    const res = await fetch(`${sandbox.url}/personalize${path}`, { headers });
    expect(res.status, `GET /personalize${path}`).toBe(200);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    // The CLI paces itself by its own rate-limit config, not by the sandbox's rolling window: budgets are raised so
    // the test checks content, not throttling (rate limits have their own tests).
    sandbox = await startSandbox({
      port: 0,
      httpsPort: 0,
      personalizeSyncDelayMs: SYNC_DELAY_MS,
      rateLimits: { read: 10_000, write: 10_000, personalize: 10_000 },
    });
    const credentials = (await fetch(`${sandbox.url}/_sandbox/credentials`).then((r) => r.json())) as {
      stacks: StackCredentials[];
      app: { client_id: string; client_secret: string };
    };
    app = credentials.app;
    const second = credentials.stacks[1];
    if (second === undefined) throw new Error('the sandbox lists no second stack');
    target = second;
    csdx = csdxFor(sandbox);
    await csdx.setRegion();
  });
  afterAll(async () => {
    csdx.dispose();
    await sandbox.close();
  });

  it(
    'exports the demo stack and imports it, Personalize included, into Contoso Staging',
    { timeout: 150_000 },
    async () => {
      expect(target.api_key).toBe(SANDBOX_SEED.other.apiKey);
      expect(target.authtoken).toBe(SANDBOX_SEED.other.authtoken);
      const demo = { api_key: SANDBOX_SEED.demo.apiKey, authorization: SANDBOX_SEED.demo.managementToken };

      // The seed's only entry variant belongs to a hand-made group, which Personalize does not know and the CLI
      // cannot map into a new project. So the demo stack first gets an entry variant of a Personalize-made variant,
      // published to production, as an editor would make one: promo_banner linked to the experience's group.
      const groups = await cma<{ variant_groups: { uid: string; name: string; variants: VariantInfo[] }[] }>(
        '/variant_groups?include_variant_info=true',
        demo,
      );
      const sourceGroup = groups.variant_groups.find((g) => g.name === 'Free-shipping banner test');
      const sourceVariant = sourceGroup?.variants.find((v) => v.name.startsWith('Free shipping'));
      if (sourceGroup === undefined || sourceVariant === undefined) throw new Error('no seeded free-shipping group');
      await write('PUT', `/variant_groups/${sourceGroup.uid}`, demo, {
        name: sourceGroup.name,
        content_types: [{ uid: 'promo_banner', status: 'linked' }],
      });
      const banner = await entryTitled('promo_banner', 'Free shipping', demo);
      await write('PUT', `/content_types/promo_banner/entries/${banner.uid}/variants/${sourceVariant.uid}`, demo, {
        entry: { message: 'Free shipping on every order over €50' },
      });
      await write(
        'POST',
        `/content_types/promo_banner/entries/${banner.uid}/publish`,
        { ...demo, api_version: '3.2' },
        {
          entry: { environments: ['production'], locales: ['en-us'], variants: [{ uid: sourceVariant.uid }] },
          locale: 'en-us',
        },
      );

      // Export as the demo stack's user (Personalize is exported only for a login, not a management token).
      await csdx.logInAsDemoUser();
      const dataDir = join(csdx.dir, 'export');
      const exported = await csdx.run(['cm:stacks:export', '-k', SANDBOX_SEED.demo.apiKey, '-d', dataDir, '--yes'], {
        timeoutMs: 60_000,
      });
      expect(exported.code, exported.output).toBe(0);

      // Import as Contoso's admin: Personalize is imported only for a login, and the demo user is not in that
      // organization. The seeded admin has an authtoken but no password, so the CLI's config gets the session that
      // `auth:login` would have stored (cli-utilities' setBasicAuthConfigData: authtoken, email, BASIC).
      const configPath = join(csdx.dir, 'config', 'contentstack_cli.json');
      const config = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
      writeFileSync(
        configPath,
        JSON.stringify({
          ...config,
          authtoken: target.authtoken,
          email: 'admin@contoso.test',
          authorisationType: 'BASIC',
        }),
      );

      const since = Date.now();
      const started = performance.now();
      const imported = await csdx.run(
        ['cm:stacks:import', '-k', target.api_key, '-d', join(dataDir, 'main'), '--yes'],
        {
          timeoutMs: 80_000,
        },
      );
      console.log(`csdx cm:stacks:import took ${((performance.now() - started) / 1000).toFixed(1)} s`);
      expect(imported.code, imported.output).toBe(0);
      expect(imported.output).toContain(`Successfully imported the content to the stack named Contoso Staging`);
      // The wait for Personalize's CMS sync ended with every experience's `_cms` filled (not the timeout's
      // "Personalize job failed to create variants and variant groups.").
      expect(imported.output).toContain('Variant and variant groups created successfully');
      expect(imported.output).not.toContain('Personalize job failed');
      // The hand-made variant has no counterpart in the new project: the CLI says so and skips its entry variant.
      const handMade = groups.variant_groups.find((g) => g.name === 'Loyalty members')?.variants[0]?.uid ?? '';
      expect(imported.output).toContain(`Variant ID not found for ${handMade}`);
      expect(imported.output).not.toMatch(/Failed to create entry variant|Failed to publish/);

      // Nothing the import sent was refused, whatever the CLI said.
      const log = (await fetch(`${sandbox.url}/_sandbox/requests?since=${since}`).then((r) => r.json())) as {
        requests: LoggedRequest[];
      };
      expect(log.requests.length).toBeGreaterThan(50);
      const failed = log.requests.filter((r) => r.status >= 400).map((r) => `${r.method} ${r.path} ${r.status}`);
      expect(failed).toEqual([]);
      expect(log.requests.some((r) => r.method === 'POST' && r.path === '/v3/stacks/settings')).toBe(true);

      // Environments and locales, with the target's own uids.
      const { environments } = await cma<{ environments: { uid: string; name: string }[] }>('/environments');
      expect(environments.map((e) => e.name).sort()).toEqual(['development', 'production', 'staging']);
      const envName = new Map(environments.map((e) => [e.uid, e.name]));
      const { locales } = await cma<{ locales: { code: string }[] }>('/locales');
      expect(locales.map((l) => l.code).sort()).toEqual(['en-us', 'fr-fr']);

      // Content types and all 12 entries (new uids: matched by content type and title), their localizations and
      // where each is published, as on the demo stack.
      const { content_types } = await cma<{ content_types: { uid: string }[] }>('/content_types');
      expect(content_types.map((c) => c.uid).sort()).toEqual(['home_hero', 'product', 'promo_banner']);
      const demoEnvName = new Map(
        (await cma<{ environments: { uid: string; name: string }[] }>('/environments', demo)).environments.map((e) => [
          e.uid,
          e.name,
        ]),
      );
      const summary = async (
        headers: Record<string, string>,
        names: Map<string, string>,
      ): Promise<Record<string, { localized: string[]; published: string[] }>> => {
        const out: Record<string, { localized: string[]; published: string[] }> = {};
        for (const ct of ['home_hero', 'promo_banner', 'product']) {
          const { entries } = await cma<{ entries: Entry[] }>(`/content_types/${ct}/entries`, headers);
          for (const entry of entries) {
            const { locales: own } = await cma<{ locales: { code: string; localized: boolean }[] }>(
              `/content_types/${ct}/entries/${entry.uid}/locales`,
              headers,
            );
            // `localized` marks the translations; every entry has its master-locale (en-us) version.
            const localized = own.filter((l) => l.localized && l.code !== 'en-us').map((l) => l.code);
            const published: string[] = [];
            for (const code of ['en-us', ...localized]) {
              const { entry: one } = await cma<{ entry: Entry }>(
                `/content_types/${ct}/entries/${entry.uid}?locale=${code}`,
                headers,
              );
              for (const d of one.publish_details ?? [])
                published.push(`${names.get(d.environment) ?? '?'}/${d.locale}`);
            }
            out[`${ct}/${entry.title}`] = { localized: localized.sort(), published: published.sort() };
          }
        }
        return out;
      };
      const source = await summary(demo, demoEnvName);
      const copy = await summary({}, envName);
      expect(Object.keys(copy)).toHaveLength(12);
      expect(Object.values(copy).filter((e) => e.localized.includes('fr-fr'))).toHaveLength(2);
      expect(Object.values(copy).filter((e) => e.published.length > 0).length).toBeGreaterThanOrEqual(9);
      expect(copy).toEqual(source);

      // Personalize: a new project connected to the target, holding the experiences, audiences, events and
      // attributes, each experience's `_cms` naming a group and variants the target stack holds.
      const projects = await personalize<{ uid: string; connectedStackApiKey: string }[]>(
        `/projects?connectedStackApiKey=${target.api_key}`,
      );
      expect(projects).toHaveLength(1);
      const projectUid = projects[0]?.uid ?? '';
      const experiences = await personalize<Experience[]>('/experiences', projectUid);
      expect(experiences.map((e) => e.name).sort()).toEqual(['Free-shipping banner test', 'Homepage hero by segment']);
      for (const kind of ['audiences', 'events']) {
        expect((await personalize<unknown[]>(`/${kind}`, projectUid)).length, kind).toBeGreaterThan(0);
      }
      const attributes = await personalize<{ key: string; __type?: string }[]>('/attributes', projectUid);
      expect(attributes.map((a) => a.key)).toEqual(expect.arrayContaining(['loyalty_tier', 'lifetime_value']));
      for (const experience of experiences) {
        const cms = experience._cms;
        expect(cms?.variantGroup, experience.name).toBeTruthy();
        const group = await cma<{ uid: string; name: string; variants: { uid: string }[] }>(
          `/variant_groups/${cms?.variantGroup ?? ''}`,
        );
        expect(group.name).toBe(experience.name);
        expect(group.variants.map((v) => v.uid).sort()).toEqual(Object.values(cms?.variants ?? {}).sort());
      }

      // The entry variant, under the new project's variant, published to the target's production.
      const shipping = experiences.find((e) => e.name === 'Free-shipping banner test');
      const newVariant = shipping?._cms?.variants[sourceVariant.personalize_metadata?.variant_short_uid ?? ''] ?? '';
      expect(newVariant).not.toBe(sourceVariant.uid);
      const copiedBanner = await entryTitled('promo_banner', 'Free shipping', {});
      const { entry: variantEntry } = await cma<{ entry: Entry & { message: string; _variant: unknown } }>(
        `/content_types/promo_banner/entries/${copiedBanner.uid}/variants/${newVariant}`,
      );
      expect(variantEntry.message).toBe('Free shipping on every order over €50');
      expect(variantEntry._variant).toMatchObject({ _uid: newVariant });
      expect(
        (variantEntry.publish_details ?? []).map((d) => `${envName.get(d.environment) ?? '?'}/${d.locale}`),
      ).toEqual(['production/en-us']);

      // The round trip's last step: the app can be installed on the imported stack (what scripts/start.mjs does
      // with SANDBOX_STACK), and the code it gets trades for an app token that reads that stack.
      const installed = await createInstallation(sandbox.url, target.api_key, { personalize_project_uid: projectUid });
      expect(installed.status).toBe(201);
      const tokenRes = await fetch(`${sandbox.url}/apps-api/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'authorization_code',
          client_id: app.client_id,
          client_secret: app.client_secret,
          redirect_uri: installed.redirectUri,
          code: installed.code,
        }),
      });
      expect(tokenRes.status).toBe(200);
      const token = (await tokenRes.json()) as {
        access_token: string;
        stack_api_key: string;
        installation_uid: string;
      };
      expect(token).toMatchObject({ stack_api_key: target.api_key, installation_uid: installed.installationUid });
      const viaApp = await cma<{ content_types: unknown[] }>('/content_types', {
        authorization: `Bearer ${token.access_token}`,
      });
      expect(viaApp.content_types).toHaveLength(3);
    },
  );
});
