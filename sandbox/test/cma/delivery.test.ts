/** Delivery of published content through variants: which variant wins, what publish_details says. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { record, startHarness } from './harness';
import type { Harness } from './harness';

const BANNER = 'blt2f7a4c8e1d6b9053';
const GROUP = 'cs1f4b7e2a9d6c3058';
const MEMBERS = 'cs8a2d5f1c7e4b9036';

let h: Harness;
const mgmt = () => ({ api_key: h.creds.api_key, authorization: h.creds.management_token });

beforeAll(async () => {
  h = await startHarness({ rateLimits: { read: 1000, write: 1000 } });
  // A second variant in the seeded group overriding the same field and one more, published with the first.
  await h.call('POST', `/v3/variant_groups/${GROUP}/variants`, {
    headers: mgmt(),
    body: { uid: 'csstudents', name: 'Students', alias: 'students' },
  });
  await h.call('PUT', `/v3/content_types/promo_banner/entries/${BANNER}/variants/csstudents`, {
    headers: mgmt(),
    body: { entry: { message: 'Students: 10% off', discount_code: 'STUDY10' } },
  });
  const published = await h.call('POST', `/v3/content_types/promo_banner/entries/${BANNER}/publish`, {
    headers: { ...mgmt(), api_version: '3.2' },
    body: {
      entry: {
        environments: ['production'],
        locales: ['en-us'],
        variants: [{ uid: 'csstudents' }],
        variant_rules: { publish_latest_base: false },
      },
    },
  });
  expect(published.status).toBe(200);
});
afterAll(async () => {
  await h.close();
});

const deliver = async (variants?: string) => {
  const answer = await h.call('GET', `/cdn/v3/content_types/promo_banner/entries/${BANNER}?environment=production`, {
    headers: {
      api_key: h.creds.api_key,
      access_token: h.creds.delivery_token,
      ...(variants === undefined ? {} : { 'x-cs-variant-uid': variants }),
    },
  });
  expect(answer.status).toBe(200);
  return record(record(answer.json)['entry']);
};

describe('delivery through variants', () => {
  it('serves the published base without the header', async () => {
    const entry = await deliver();
    expect(entry).toMatchObject({ message: 'Free shipping on orders over €50', discount_code: '' });
    expect(record(entry['publish_details'])['variants']).toBeUndefined();
  });

  it('lets the first listed variant win a field both override, and keeps fields only one overrides', async () => {
    const membersFirst = await deliver(`${MEMBERS}, students`);
    expect(membersFirst).toMatchObject({
      message: 'Members: free express shipping on every order',
      discount_code: 'STUDY10',
    });
    const studentsFirst = await deliver(`students,${MEMBERS}`);
    expect(studentsFirst).toMatchObject({ message: 'Students: 10% off', discount_code: 'STUDY10' });
    expect(Object.keys(record(record(studentsFirst['publish_details'])['variants'])).sort()).toEqual(
      ['csstudents', MEMBERS].sort(),
    );
  });

  it('ignores unknown and unpublished variants', async () => {
    const entry = await deliver('nobody, cs0000000000000000');
    expect(entry['message']).toBe('Free shipping on orders over €50');
    const list = await h.call('GET', '/cdn/v3/content_types/promo_banner/entries?environment=development', {
      headers: { api_key: h.creds.api_key, access_token: h.creds.delivery_token, 'x-cs-variant-uid': 'students' },
    });
    const banner = (record(list.json)['entries'] as Record<string, unknown>[]).find((e) => e['uid'] === BANNER);
    expect(banner?.['message']).toBe('Free shipping on orders over €50');
  });

  it('serves the French localization of a published entry', async () => {
    const answer = await h.call(
      'GET',
      `/cdn/v3/content_types/promo_banner/entries/${BANNER}?environment=production&locale=fr-fr`,
      {
        headers: { api_key: h.creds.api_key, access_token: h.creds.delivery_token, 'x-cs-variant-uid': MEMBERS },
      },
    );
    expect(record(record(answer.json)['entry'])).toMatchObject({
      locale: 'fr-fr',
      message: 'Livraison offerte dès 50 €',
    });
  });
});
