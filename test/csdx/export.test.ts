/**
 * Contract: the real `csdx` (@contentstack/cli 1.60) exports the seeded demo stack from the sandbox over HTTPS,
 * as a user would: a management token added, a login with the seeded user's email and password, then
 * `cm:stacks:export` of every module. The export must hold what the stack holds — all 12 entries, the entry
 * variant with its `publish_details` (environment uids), the content types, environments, locales, and the
 * Personalize project with its experiences (and their CMS variant ids), audiences, events and attributes.
 * The CLI reports success even when a module fails, so the test reads the folder and the sandbox's request
 * log (no CMA or Personalize call answered 4xx/5xx, except the ones named below), never the CLI's word.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_SEED, startSandbox } from '@pb/sandbox';
import type { RunningSandbox } from '@pb/sandbox';
import { csdxFor } from './csdx';
import type { Csdx } from './csdx';

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8')) as unknown;

/** Every `*-entries.json` of a content type in one locale, merged (the CLI chunks them). */
const entriesOf = (dir: string): Record<string, Record<string, unknown>> => {
  if (!existsSync(dir)) return {};
  const out: Record<string, Record<string, unknown>> = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('-entries.json'))) {
    Object.assign(out, readJson(join(dir, file)) as Record<string, Record<string, unknown>>);
  }
  return out;
};

interface LoggedRequest {
  method: string;
  path: string;
  status: number;
}

describe('csdx against the sandbox: auth and a full export', () => {
  let sandbox: RunningSandbox;
  let csdx: Csdx;
  beforeAll(async () => {
    // The CLI paces itself by its own rate-limit config, not by the sandbox's rolling window: budgets are
    // raised so the test checks content, not throttling (rate limits have their own tests).
    sandbox = await startSandbox({
      port: 0,
      httpsPort: 0,
      personalizeSyncDelayMs: 50,
      rateLimits: { read: 10_000, write: 10_000, personalize: 10_000 },
    });
    csdx = csdxFor(sandbox);
    await csdx.setRegion();
  });
  afterAll(async () => {
    csdx.dispose();
    await sandbox.close();
  });

  it('serves its certificate for trust', async () => {
    const pem = await fetch(`${sandbox.url}/_sandbox/ca.pem`).then((r) => r.text());
    expect(pem).toContain('BEGIN CERTIFICATE');
    expect(pem).toBe(readFileSync(sandbox.https?.certPath ?? '', 'utf8'));
  });

  it('adds a management token (the CLI checks it against the stack)', async () => {
    const ok = await csdx.run([
      'auth:tokens:add',
      '--alias',
      'demo',
      '--stack-api-key',
      SANDBOX_SEED.demo.apiKey,
      '--management',
      '--token',
      SANDBOX_SEED.demo.managementToken,
      '--yes',
    ]);
    expect(ok.output).toContain('Successfully added the token');
    const bad = await csdx.run([
      'auth:tokens:add',
      '--alias',
      'wrong',
      '--stack-api-key',
      SANDBOX_SEED.demo.apiKey,
      '--management',
      '--token',
      'cs-not-a-token',
      '--yes',
    ]);
    expect(bad.output).not.toContain('Successfully added the token');
  });

  it('logs in with the seeded email and password, and refuses a wrong password', async () => {
    const wrong = await csdx.run(['auth:login', '--username', SANDBOX_SEED.userEmail, '--password', 'nope']);
    expect(wrong.output).toContain('email or password is invalid');
    const ok = await csdx.run([
      'auth:login',
      '--username',
      SANDBOX_SEED.userEmail,
      '--password',
      SANDBOX_SEED.userPassword,
    ]);
    expect(ok.output).toContain('Successfully logged in');
    const who = await csdx.run(['whoami']);
    expect(who.output).toContain(SANDBOX_SEED.userEmail);
  });

  it('exports every module of the demo stack', { timeout: 150_000 }, async () => {
    await fetch(`${sandbox.url}/_sandbox/requests`, { method: 'DELETE' });
    const dataDir = join(csdx.dir, 'export');
    const result = await csdx.run(['cm:stacks:export', '-k', SANDBOX_SEED.demo.apiKey, '-d', dataDir, '--yes'], {
      timeoutMs: 140_000,
    });
    expect(result.code, result.output).toBe(0);

    // Every stack has a `main` branch: the CLI exports into <dir>/main.
    expect(readJson(join(dataDir, 'branches.json'))).toMatchObject([{ uid: 'main' }]);
    const root = join(dataDir, 'main');

    const contentTypes = readdirSync(join(root, 'content_types')).filter((f) => f !== 'schema.json');
    expect(contentTypes.sort()).toEqual(['home_hero.json', 'product.json', 'promo_banner.json']);

    const en = {
      ...entriesOf(join(root, 'entries', 'home_hero', 'en-us')),
      ...entriesOf(join(root, 'entries', 'promo_banner', 'en-us')),
      ...entriesOf(join(root, 'entries', 'product', 'en-us')),
    };
    expect(Object.keys(en)).toHaveLength(12);
    const fr = {
      ...entriesOf(join(root, 'entries', 'home_hero', 'fr-fr')),
      ...entriesOf(join(root, 'entries', 'promo_banner', 'fr-fr')),
    };
    expect(Object.keys(fr)).toHaveLength(2);

    const environments = Object.values(readJson(join(root, 'environments', 'environments.json')) as object) as {
      uid: string;
      name: string;
    }[];
    expect(environments.map((e) => e.name).sort()).toEqual(['development', 'production']);
    const envUids = new Set(environments.map((e) => e.uid));

    // Published entries carry publish_details naming environments by uid.
    const published = Object.values(en).filter(
      (e) => Array.isArray(e['publish_details']) && (e['publish_details'] as unknown[]).length > 0,
    );
    expect(published.length).toBeGreaterThanOrEqual(9);

    // The entry variant of the free-shipping banner ("Members"), published to production.
    const variantsDir = join(root, 'entries', 'promo_banner', 'en-us', 'variants');
    const variantFiles = readdirSync(variantsDir, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('-variant-entry.json'),
    );
    const variantEntries = variantFiles.flatMap((f) => readJson(join(variantsDir, f)) as Record<string, unknown>[]);
    expect(variantEntries.length).toBeGreaterThanOrEqual(1);
    const members = variantEntries[0] ?? {};
    expect(members['_variant']).toMatchObject({ _change_set: ['message'] });
    const details = members['publish_details'] as { environment: string; locale: string }[];
    expect(details.length).toBeGreaterThan(0);
    for (const d of details) expect(envUids.has(d.environment), d.environment).toBe(true);

    const master = Object.values(readJson(join(root, 'locales', 'master-locale.json')) as object) as { code: string }[];
    const others = Object.values(readJson(join(root, 'locales', 'locales.json')) as object) as { code: string }[];
    expect(master.map((l) => l.code)).toEqual(['en-us']);
    expect(others.map((l) => l.code)).toEqual(['fr-fr']);

    const p = join(root, 'personalize');
    expect(readJson(join(p, 'projects', 'projects.json'))).toMatchObject([
      { connectedStackApiKey: SANDBOX_SEED.demo.apiKey },
    ]);
    const experiences = readJson(join(p, 'experiences', 'experiences.json')) as { name: string }[];
    expect(experiences.map((e) => e.name).sort()).toEqual(['Free-shipping banner test', 'Homepage hero by segment']);
    // The CMS variant ids of each experience: what the CLI reads from the variant groups Personalize made.
    expect(readJson(join(p, 'experiences', 'experiences-variants-ids.json'))).toHaveLength(4);
    expect(readdirSync(join(p, 'experiences', 'versions'))).toHaveLength(2);
    for (const kind of ['audiences', 'events', 'attributes']) {
      expect((readJson(join(p, kind, `${kind}.json`)) as unknown[]).length, kind).toBeGreaterThan(0);
    }

    // Nothing the export read was refused, whatever the CLI said.
    const log = (await fetch(`${sandbox.url}/_sandbox/requests`).then((r) => r.json())) as {
      requests: LoggedRequest[];
    };
    const failed = log.requests.filter((r) => r.status >= 400).map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(failed).toEqual([]);
    expect(log.requests.some((r) => r.path === '/v3/roles')).toBe(true);
  });
});
