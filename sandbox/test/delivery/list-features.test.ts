/**
 * The rest of what the SDKs expect from the entry lists and the CDA: `count=true`, `include_branch`, projections,
 * an empty `locale=`, the CDA's content-type routes, and `publish_details` naming environments by uid (on entries,
 * entry variants and the CDA's per-variant details).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { record, startHarness } from '../cma/harness';
import type { Harness } from '../cma/harness';

const BANNER = 'blt2f7a4c8e1d6b9053';
const MEMBERS = 'cs8a2d5f1c7e4b9036';
const JACKET = 'blt1a9c5e3f7b2d4068';

let h: Harness;
let envUids: Record<string, string>;
const mgmt = () => ({ api_key: h.creds.api_key, authorization: h.creds.management_token });
const cdn = () => ({ api_key: h.creds.api_key, access_token: h.creds.delivery_token });

beforeAll(async () => {
  h = await startHarness({ rateLimits: { read: 10_000, write: 10_000 } });
  const envs = z
    .object({ environments: z.array(z.object({ uid: z.string(), name: z.string() })) })
    .parse((await h.call('GET', '/v3/environments', { headers: mgmt() })).json);
  envUids = Object.fromEntries(envs.environments.map((e) => [e.name, e.uid]));
});
afterAll(async () => {
  await h.close();
});

const getJson = async (path: string, headers: Record<string, string>) => {
  const answer = await h.call('GET', path, { headers });
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return record(answer.json);
};

const CDA_PRODUCTS = '/cdn/v3/content_types/product/entries?environment=production';
const CMA_PRODUCTS = '/v3/content_types/product/entries?';

describe.each([
  ['cda', CDA_PRODUCTS, cdn],
  ['cma', CMA_PRODUCTS, mgmt],
] as const)('entry lists (%s)', (_api, base, headers) => {
  it('count=true answers the number of matching entries only', async () => {
    const q = encodeURIComponent(JSON.stringify({ price: { $gt: 100 } }));
    expect(await getJson(`${base}&count=true&query=${q}`, headers())).toEqual({ entries: 4 });
  });

  it('include_branch adds _branch', async () => {
    const body = await getJson(`${base}&include_branch=true&limit=2`, headers());
    const entries = z.array(z.record(z.string(), z.unknown())).parse(body['entries']);
    expect(entries).toHaveLength(2);
    for (const e of entries) expect(e['_branch']).toBe('main');
    const plain = z.array(z.record(z.string(), z.unknown())).parse((await getJson(base, headers()))['entries']);
    expect(plain[0]?.['_branch']).toBeUndefined();
  });

  it('only[BASE][] keeps the named fields (nested ones too) and uid', async () => {
    const body = await getJson(
      `${base}&only[BASE][]=title&only[BASE][]=details.material&query=${encodeURIComponent(JSON.stringify({ uid: JACKET }))}`,
      headers(),
    );
    expect(body['entries']).toEqual([
      { title: 'Ridge Shell Jacket', details: { material: 'Recycled nylon' }, uid: JACKET },
    ]);
  });

  it('except[BASE][] drops the named fields and keeps the rest', async () => {
    const body = await getJson(
      `${base}&except[BASE][]=sections&except[BASE][]=details.care&query=${encodeURIComponent(JSON.stringify({ uid: JACKET }))}`,
      headers(),
    );
    const [entry] = z.array(z.record(z.string(), z.unknown())).parse(body['entries']);
    expect(entry).toBeDefined();
    expect(entry?.['sections']).toBeUndefined();
    expect(entry?.['details']).toEqual({ material: 'Recycled nylon', weight_g: 420 });
    expect(entry).toMatchObject({ uid: JACKET, title: 'Ridge Shell Jacket', sku: 'NW-JKT-001', price: 229 });
  });

  it('an empty locale= means the master locale', async () => {
    const body = await getJson(`${base}&locale=`, headers());
    const entries = z.array(z.object({ locale: z.string() })).parse(body['entries']);
    expect(entries).toHaveLength(7);
    for (const e of entries) expect(e.locale).toBe('en-us');
  });
});

describe('publish_details name environments by uid', () => {
  it('has the seeded environments with distinct uids', () => {
    expect(Object.keys(envUids).sort()).toEqual(['development', 'production']);
    expect(envUids['development']).not.toBe(envUids['production']);
  });

  it('on CMA entries', async () => {
    const body = await getJson(`/v3/content_types/promo_banner/entries/${BANNER}`, mgmt());
    const details = z
      .array(z.object({ environment: z.string(), locale: z.string() }))
      .parse(record(body['entry'])['publish_details']);
    expect(details.map((d) => d.environment).sort()).toEqual([envUids['development'], envUids['production']].sort());
  });

  it('on entry variants, in the list an export reads and alone', async () => {
    const list = await getJson(`/v3/content_types/promo_banner/entries/${BANNER}/variants`, mgmt());
    const [variant] = z
      .array(
        z.looseObject({ publish_details: z.array(z.looseObject({ environment: z.string(), version: z.number() })) }),
      )
      .parse(list['entries']);
    expect(variant?.publish_details).toEqual([
      expect.objectContaining({ environment: envUids['production'], version: 1 }),
    ]);
    const one = await getJson(`/v3/content_types/promo_banner/entries/${BANNER}/variants/${MEMBERS}`, mgmt());
    expect(record(one['entry'])['publish_details']).toEqual(variant?.publish_details);
  });

  it('on the CDA, for the entry and each applied variant', async () => {
    const body = await getJson(`/cdn/v3/content_types/promo_banner/entries/${BANNER}?environment=production`, {
      ...cdn(),
      'x-cs-variant-uid': MEMBERS,
    });
    const details = record(record(body['entry'])['publish_details']);
    expect(details['environment']).toBe(envUids['production']);
    expect(record(record(details['variants'])[MEMBERS])['environment']).toBe(envUids['production']);
  });
});

describe('CDA content types', () => {
  it('lists them and fetches one', async () => {
    const list = await getJson('/cdn/v3/content_types?environment=production&include_count=true', cdn());
    const types = z.array(z.object({ uid: z.string(), schema: z.array(z.unknown()) })).parse(list['content_types']);
    expect(types.map((t) => t.uid).sort()).toEqual(['home_hero', 'product', 'promo_banner']);
    expect(list['count']).toBe(3);
    const one = await getJson('/cdn/v3/content_types/product?environment=production', cdn());
    expect(record(one['content_type'])['uid']).toBe('product');
  });

  it('answers an unknown content type as the CDA does', async () => {
    const answer = await h.call('GET', '/cdn/v3/content_types/nope?environment=production', { headers: cdn() });
    expect(answer.status).toBe(422);
    expect(record(answer.json)['error_code']).toBe(118);
  });
});
