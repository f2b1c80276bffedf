/**
 * The import side: `POST /v3/content_types/import` (multipart, through the official management SDK), ungrouped
 * variants on `/v3/variants`, and a csdx export folder (written here in the CLI's layout) becoming a new stack
 * through `POST /_sandbox/stacks/import` — CMS content, entry variants, publish state and the Personalize project —
 * that keeps across a restart on the same state file and can have the app installed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readExportFolder } from '../../src/import/index';
import { record, startHarness } from '../cma/harness';
import type { Harness } from '../cma/harness';

interface ImportSdk {
  client(config: Record<string, unknown>): {
    stack(config: { api_key: string; management_token: string }): {
      contentType(): {
        import(
          data: { content_type: string },
          params?: Record<string, unknown>,
        ): Promise<{ uid: string; title: string }>;
      };
    };
  };
}
const contentstack = createRequire(import.meta.url)('@contentstack/management') as ImportSdk;

const dir = mkdtempSync(join(tmpdir(), 'pb-import-'));
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ stateFile: join(dir, 'state.json'), personalizeSyncDelayMs: 50 });
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});
const mt = (): Record<string, string> => ({ api_key: h.creds.api_key, authorization: h.creds.management_token });
const write = (path: string, value: unknown): void => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value));
};

describe('POST /v3/content_types/import (multipart)', () => {
  it('imports a content type file through the management SDK, refuses a taken uid, overwrites on request', async () => {
    const file = join(dir, 'faq.json');
    write(file, { uid: 'faq', title: 'FAQ', schema: [{ uid: 'title', data_type: 'text', display_name: 'Title' }] });
    const stack = contentstack
      .client({ endpoint: `${h.sandbox.url}/v3`, retryOnError: false, logHandler: () => undefined })
      .stack({ api_key: h.creds.api_key, management_token: h.creds.management_token });
    const imported = await stack.contentType().import({ content_type: file });
    expect(imported.uid).toBe('faq');
    const read = await h.call('GET', '/v3/content_types/faq', { headers: mt() });
    expect(record(record(read.json)['content_type'])['title']).toBe('FAQ');
    await expect(stack.contentType().import({ content_type: file })).rejects.toMatchObject({ errorCode: 115 });
    write(file, { content_type: { uid: 'faq', title: 'Questions', schema: [] } });
    expect((await stack.contentType().import({ content_type: file }, { overwrite: true })).title).toBe('Questions');
  });

  it('answers 422 to a JSON body', async () => {
    const res = await h.call('POST', '/v3/content_types/import', { headers: mt(), body: { uid: 'x' } });
    expect(res.status).toBe(422);
  });
});

describe('/v3/variants (ungrouped)', () => {
  it('creates, lists by uid, reads and deletes a variant outside any group', async () => {
    const before = await h.digest();
    const claim = await h.call('POST', '/v3/variants', {
      headers: mt(),
      body: {
        name: 'Fake',
        personalize_metadata: {
          project_uid: (h.creds as unknown as Record<string, string>)['personalize_project_uid'],
        },
      },
    });
    expect(claim.status).toBe(403);
    expect(await h.digest()).toBe(before);
    const made = await h.call('POST', '/v3/variants', {
      headers: mt(),
      body: { data: { uid: 'white', name: 'White' } },
    });
    expect(made.status).toBe(201);
    expect(record(made.json)['variant']).toMatchObject({ uid: 'white', name: 'White', alias: 'white' });
    expect(record(record(made.json)['variant'])['variant_group_uid']).toBeUndefined();
    const listed = await h.call('GET', '/v3/variants?uids[]=white&include_count=true', { headers: mt() });
    expect(record(listed.json)['count']).toBe(1);
    const all = await h.call('GET', '/v3/variants', { headers: mt() });
    // Grouped variants are listed too (the seed has five).
    expect((record(all.json)['variants'] as unknown[]).length).toBeGreaterThan(1);
    expect((await h.call('GET', '/v3/variants/white', { headers: mt() })).status).toBe(200);
    expect((await h.call('DELETE', '/v3/variants/white', { headers: mt() })).status).toBe(200);
    expect((await h.call('GET', '/v3/variants/white', { headers: mt() })).status).toBe(404);
  });
});

/** A small export in csdx's layout: two content types, a localized entry, an entry variant, one experience. */
const writeExport = (root: string): void => {
  write(join(root, 'locales', 'master-locale.json'), { l1: { uid: 'l1', code: 'en-us', name: 'English' } });
  write(join(root, 'locales', 'locales.json'), {
    l2: { uid: 'l2', code: 'de-de', name: 'German', fallback_locale: 'en-us' },
  });
  write(join(root, 'environments', 'environments.json'), { env1: { uid: 'env1', name: 'live' } });
  write(join(root, 'content_types', 'schema.json'), [
    {
      uid: 'page',
      title: 'Page',
      schema: [
        { uid: 'title', data_type: 'text' },
        { uid: 'body', data_type: 'text' },
      ],
    },
  ]);
  const entries = join(root, 'entries', 'page');
  write(join(entries, 'en-us', 'index.json'), { '1': 'a-entries.json' });
  write(join(entries, 'en-us', 'a-entries.json'), {
    blt1: {
      uid: 'blt1',
      locale: 'en-us',
      _version: 3,
      title: 'Home',
      body: 'Hello',
      publish_details: [
        { environment: 'env1', locale: 'en-us', version: 3, time: '2026-01-01T00:00:00.000Z', user: 'u' },
      ],
    },
    blt2: { uid: 'blt2', locale: 'en-us', _version: 1, title: 'Draft', body: 'x' },
  });
  write(join(entries, 'de-de', 'index.json'), { '1': 'b-entries.json' });
  // blt2 only falls back to en-us here: not a localization.
  write(join(entries, 'de-de', 'b-entries.json'), {
    blt1: { uid: 'blt1', locale: 'de-de', _version: 1, title: 'Start', body: 'Hallo' },
    blt2: { uid: 'blt2', locale: 'en-us', _version: 1, title: 'Draft', body: 'x' },
  });
  write(join(entries, 'en-us', 'variants', 'blt1', 'index.json'), { '1': 'c-variant-entry.json' });
  write(join(entries, 'en-us', 'variants', 'blt1', 'c-variant-entry.json'), [
    {
      uid: 'blt1',
      locale: 'en-us',
      _version: 2,
      title: 'Home',
      body: 'Hello, Europe',
      _variant: { _uid: 'csv_eu', _change_set: ['body'] },
      publish_details: [
        { environment: 'env1', locale: 'en-us', version: 2, time: '2026-01-02T00:00:00.000Z', user: 'u' },
      ],
    },
  ]);
  const p = join(root, 'personalize');
  write(join(p, 'projects', 'projects.json'), [{ uid: 'p-old', name: 'Northwind Outfitters', description: '' }]);
  write(join(p, 'attributes', 'attributes.json'), [{ uid: 'a-old', key: 'tier', name: 'Tier', __type: 'CUSTOM' }]);
  write(join(p, 'events', 'events.json'), [{ uid: 'ev-old', key: 'buy', description: '' }]);
  write(join(p, 'audiences', 'audiences.json'), [
    {
      uid: 'au-old',
      name: 'Gold',
      definition: {
        __type: 'RuleCombination',
        combinationType: 'AND',
        rules: [
          {
            __type: 'Rule',
            attribute: { __type: 'CustomAttributeReference', ref: 'a-old' },
            attributeMatchCondition: 'STRING_EQUALS',
            attributeMatchOptions: { __type: 'StringMatchOptions', value: 'gold' },
          },
        ],
      },
    },
  ]);
  write(join(p, 'experiences', 'experiences.json'), [
    {
      uid: 'x-old',
      name: 'Hero test',
      description: '',
      __type: 'SEGMENTED',
      shortUid: '4',
      status: 'DRAFT',
      _cms: { variantGroup: 'csg_hero', variants: { '0': 'csv_eu' } },
    },
  ]);
  write(join(p, 'experiences', 'versions', 'x-old.json'), [
    {
      uid: 'v-old',
      status: 'PAUSE',
      variants: [
        {
          __type: 'SegmentedVariant',
          shortUid: '0',
          name: 'Gold',
          audiences: ['au-old'],
          audienceCombinationType: 'OR',
        },
      ],
      metrics: [{ event: 'ev-old', name: 'Buys', __type: 'Primary' }],
    },
  ]);
  write(join(p, 'experiences', 'experiences-content-types.json'), { 'x-old': [{ uid: 'page', status: 'linked' }] });
};

describe('POST /_sandbox/stacks/import', () => {
  it('recreates the stack, its entries, entry variants, publish state and Personalize project; survives a restart', async () => {
    const root = join(dir, 'export');
    writeExport(root);
    const answer = await h.call('POST', '/_sandbox/stacks/import', { body: readExportFolder(root) });
    expect(answer.status).toBe(201);
    const stack = record(record(answer.json)['stack']);
    expect(record(answer.json)['report']).toMatchObject({
      entries: 2,
      localizations: 3,
      entryVariants: 1,
      experiences: 1,
    });
    const apiKey = String(stack['api_key']);
    const headers = { api_key: apiKey, authorization: String(stack['management_token']) };

    const de = await h.call('GET', '/v3/content_types/page/entries/blt1?locale=de-de', { headers });
    expect(record(record(de.json)['entry'])).toMatchObject({ title: 'Start', locale: 'de-de' });
    const variant = await h.call('GET', '/v3/content_types/page/entries/blt1/variants/csv_eu', { headers });
    expect(record(record(variant.json)['entry'])['body']).toBe('Hello, Europe');
    const group = record((await h.call('GET', '/v3/variant_groups/csg_hero', { headers })).json);
    expect(group).toMatchObject({ name: 'Hero test', content_types: [{ uid: 'page', status: 'linked' }] });
    // Personalize-made: the CMA may not rename it.
    expect((await h.call('PUT', '/v3/variant_groups/csg_hero', { headers, body: { name: 'X' } })).status).toBe(403);

    const delivery = await fetch(
      `${h.sandbox.url}/cdn/v3/content_types/page/entries/blt1?environment=live&locale=en-us`,
      {
        headers: {
          api_key: apiKey,
          access_token: String(stack['delivery_token']),
          'x-cs-variant-uid': 'cs_personalize_4_0',
        },
      },
    );
    expect(delivery.status).toBe(200);
    expect(((await delivery.json()) as { entry: { body: string } }).entry.body).toBe('Hello, Europe');

    const projectUid = String(stack['personalize_project_uid']);
    const pz = { authtoken: h.creds.authtoken, 'x-project-uid': projectUid };
    const experiences = (await h.call('GET', '/personalize/experiences', { headers: pz })).json as Record<
      string,
      unknown
    >[];
    expect(experiences).toHaveLength(1);
    expect(experiences[0]).toMatchObject({ name: 'Hero test', shortUid: '4', _cms: { variantGroup: 'csg_hero' } });
    const versions = (
      await h.call('GET', `/personalize/experiences/${String(experiences[0]?.['uid'])}/versions`, { headers: pz })
    ).json as Record<string, unknown>[];
    const audiences = (await h.call('GET', '/personalize/audiences', { headers: pz })).json as { uid: string }[];
    expect(versions[0]).toMatchObject({ status: 'PAUSED', variants: [{ audiences: [audiences[0]?.uid] }] });
    const projects = (await h.call('GET', `/personalize/projects?connectedStackApiKey=${apiKey}`, { headers: pz }))
      .json as { name: string }[];
    // The demo stack's project already has the exported name (DUPLICATE_NAME): the import takes the next free one.
    expect(projects[0]?.name).toBe('Northwind Outfitters (1)');

    const installed = await h.call('POST', '/_sandbox/installations', { body: { api_key: apiKey } });
    expect(installed.status).toBe(201);

    await h.close();
    h = await startHarness({ stateFile: join(dir, 'state.json'), personalizeSyncDelayMs: 50 });
    const again = await h.call('GET', '/v3/content_types/page/entries/blt1/variants/csv_eu', { headers });
    expect(again.status).toBe(200);
    const listed = record((await h.call('GET', '/_sandbox/stacks')).json)['stacks'] as { api_key: string }[];
    expect(listed.map((s) => s.api_key)).toContain(apiKey);
  });

  it('refuses a document that is not an export, changing nothing', async () => {
    const before = await h.digest();
    const res = await h.call('POST', '/_sandbox/stacks/import', { body: { contentTypes: 'no' } });
    expect(res.status).toBe(422);
    expect(await h.digest()).toBe(before);
  });
});
