/**
 * The official management SDK, unchanged, against the sandbox: variant groups, variants, content-type
 * links, entry variants and publishing with variants, asserting the documented shapes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { record, startHarness } from './harness';
import type { Harness } from './harness';
import { sdkError, sdkStack } from './sdk-port';
import type { SdkStack } from './sdk-port';

const PRODUCT_JACKET = 'blt1a9c5e3f7b2d4068';
const HOME_HERO = 'blt4a1c9e2f7d3b8061';
const FEATURE_ITEM = 'cs4e1a7c9d2f5b3068';

let h: Harness;
let stack: SdkStack;

beforeAll(async () => {
  // Budgets far above what one test file spends: rate limiting has its own tests.
  h = await startHarness({ rateLimits: { read: 1000, write: 1000 } });
  stack = sdkStack(h.sandbox.url, h.creds.api_key, h.creds.management_token);
});
afterAll(async () => {
  await h.close();
});

describe('variant groups and variants through the SDK', () => {
  let groupUid = '';
  let variantUid = '';

  it('creates a group from the flat body the SDK sends, linked to a content type', async () => {
    const group = await stack.variantGroup().create({
      name: 'Weather',
      description: 'Copy by local weather',
      content_types: ['product'],
      personalize_metadata: { project_uid: 'p1', experience_uid: 'e1', experience_short_uid: '4', status: 'linked' },
    });
    expect(group).toMatchObject({
      name: 'Weather',
      description: 'Copy by local weather',
      branches: ['main'],
      content_types: [{ uid: 'product', status: 'linked' }],
      personalize_metadata: { experience_short_uid: '4' },
      variant_count: 0,
      variants: [],
    });
    expect(String(group['uid'])).toMatch(/^cs[0-9a-f]{16}$/);
    groupUid = String(group['uid']);
  });

  it('creates variants with personalize metadata and derives the Personalize alias', async () => {
    const created = await stack
      .variantGroup(groupUid)
      .variants()
      .create({
        name: 'Rainy',
        personalize_metadata: {
          experience_short_uid: '4',
          variant_short_uid: '1',
          project_uid: 'p1',
          experience_uid: 'e1',
        },
      });
    expect(created).toMatchObject({ name: 'Rainy', variant_group_uid: groupUid, alias: 'cs_personalize_4_1' });
    variantUid = String(created['uid']);
    const second = await stack
      .variantGroup(groupUid)
      .variants()
      .create({ uid: 'cs00000000000000aa', name: 'Sunny', alias: 'sunny' });
    expect(second).toMatchObject({ uid: 'cs00000000000000aa', alias: 'sunny' });
  });

  it('fetches, renames and lists the variants of a group', async () => {
    const fetched = await stack.variantGroup(groupUid).variants(variantUid).fetch();
    expect(fetched).toMatchObject({ uid: variantUid, name: 'Rainy' });
    const renamed = await stack.variantGroup(groupUid).variants(variantUid).update({ name: 'Rain' });
    expect(renamed).toMatchObject({ uid: variantUid, name: 'Rain', alias: 'cs_personalize_4_1' });
    const listed = await stack.variantGroup(groupUid).variants().query({ include_count: true }).find();
    expect(listed.items.map((v) => v.uid).sort()).toEqual([variantUid, 'cs00000000000000aa'].sort());
    expect(listed.count).toBe(2);
  });

  it('lists groups with include_variant_info, include_count, a content_type filter and paging', async () => {
    const all = await stack.variantGroup().query({ include_variant_info: true, include_count: true }).find();
    // The seed's hand-made "Loyalty members", the two groups Personalize made for the seeded experiences, ours.
    expect(all.count).toBe(4);
    const weather = all.items.find((g) => g.uid === groupUid);
    // The SDK's group objects replace the `variants` array with their `variants()` method; the count survives.
    expect(weather?.['variant_count']).toBe(2);
    const forProduct = await stack.variantGroup().query({ content_type: 'product', include_count: true }).find();
    expect(forProduct.items.map((g) => g.uid)).toEqual([groupUid]);
    expect(forProduct.items[0]?.['variant_count']).toBeUndefined();
    const page = await stack.variantGroup().query({ skip: 1, limit: 1, include_count: true }).find();
    expect(page.items).toHaveLength(1);
    expect(page.count).toBe(4);
  });

  it('updates name and description, links and unlinks content types', async () => {
    const linked = await stack.variantGroup(groupUid).update({
      name: 'Weather copy',
      description: 'By forecast',
      content_types: [{ uid: 'home_hero', status: 'linked' }],
    });
    expect(linked).toMatchObject({
      name: 'Weather copy',
      description: 'By forecast',
      content_types: [
        { uid: 'product', status: 'linked' },
        { uid: 'home_hero', status: 'linked' },
      ],
    });
    const unlinked = await stack
      .variantGroup(groupUid)
      .update({ name: 'Weather copy', content_types: [{ uid: 'home_hero', status: 'unlinked' }] });
    expect(unlinked['content_types']).toEqual([{ uid: 'product', status: 'linked' }]);
  });

  describe('entry variants', () => {
    it('creates an entry variant, computing _change_set when the client sends none', async () => {
      const answer = await stack
        .contentType('product')
        .entry(PRODUCT_JACKET)
        .variants(variantUid)
        .update({
          entry: {
            title: 'Ridge Shell Jacket — built for rain',
            details: { material: 'Recycled nylon', care: 'Reproof yearly' },
          },
        });
      expect(answer['notice']).toBe('Entry variant created successfully.');
      const entry = record(answer['entry']);
      expect(entry).toMatchObject({
        uid: PRODUCT_JACKET,
        title: 'Ridge Shell Jacket — built for rain',
        sku: 'NW-JKT-001',
        _version: 1,
      });
      expect(record(entry['_variant'])).toMatchObject({ _uid: variantUid, _change_set: ['title', 'details.care'] });
    });

    it('updates it with a client change set (modular-block path) and bumps _version', async () => {
      const answer = await stack
        .contentType('product')
        .entry(PRODUCT_JACKET)
        .variants(variantUid)
        .update({
          entry: {
            title: 'Rain-ready shell',
            sections: [{ feature: { heading: 'Taped against storms', body: 'x', _metadata: { uid: FEATURE_ITEM } } }],
            _variant: { _change_set: ['title', `sections.${FEATURE_ITEM}.heading`] },
          },
        });
      expect(answer['notice']).toBe('Entry variant updated successfully.');
      const entry = record(answer['entry']);
      expect(entry['_version']).toBe(2);
      const sections = entry['sections'] as Record<string, Record<string, unknown>>[];
      expect(sections[0]?.['feature']).toMatchObject({
        heading: 'Taped against storms',
        body: 'Stays dry in sideways rain.',
      });
      expect(sections).toHaveLength(2);
    });

    it('gets one (the merged entry), lists them with paging and reads versions', async () => {
      const one = await stack.contentType('product').entry(PRODUCT_JACKET).variants(variantUid).fetch();
      expect(record(one['entry'])).toMatchObject({
        title: 'Rain-ready shell',
        price: 229,
        _variant: { _uid: variantUid },
      });
      await stack
        .contentType('product')
        .entry(PRODUCT_JACKET)
        .variants('cs00000000000000aa')
        .update({ entry: { price: 199 } });
      const list = await stack
        .contentType('product')
        .entry(PRODUCT_JACKET)
        .variants()
        .query({ include_count: true })
        .find();
      expect(list.count).toBe(2);
      expect(list.items).toHaveLength(2);
      const page = await stack
        .contentType('product')
        .entry(PRODUCT_JACKET)
        .variants()
        .query({ limit: 1, skip: 1 })
        .find();
      expect(page.items).toHaveLength(1);
      const versions = await stack.contentType('product').entry(PRODUCT_JACKET).variants(variantUid).versions();
      expect(versions).toEqual({
        versions: [
          { _version: 2, locale: 'en-us' },
          { _version: 1, locale: 'en-us' },
        ],
      });
    });

    it('refuses a variant whose group is not linked to the content type (422, no change)', async () => {
      const before = await h.digest();
      const err = await sdkError(
        stack
          .contentType('home_hero')
          .entry(HOME_HERO)
          .variants(variantUid)
          .update({ entry: { title: 'x' } }),
      );
      expect(err.status).toBe(422);
      expect(err.errorMessage).toBe(`The Variant '${variantUid}' does not belong to the Content Type 'home_hero'.`);
      expect(await h.digest()).toBe(before);
    });

    it('publishes the base and a variant with api_version 3.2; delivery merges by alias', async () => {
      const answer = await stack
        .contentType('product')
        .entry(PRODUCT_JACKET, { api_version: '3.2' })
        .publish({
          publishDetails: {
            environments: ['production'],
            locales: ['en-us'],
            variants: [{ uid: variantUid, version: 2 }],
            variant_rules: { publish_latest_base: false, publish_latest_base_conditionally: true },
          },
          locale: 'en-us',
        });
      expect(answer['notice']).toBe('The requested action has been performed.');
      expect(typeof answer['job_id']).toBe('string');

      const cdn = await h.call(
        'GET',
        `/cdn/v3/content_types/product/entries/${PRODUCT_JACKET}?environment=production`,
        {
          headers: {
            api_key: h.creds.api_key,
            access_token: h.creds.delivery_token,
            'x-cs-variant-uid': 'cs_personalize_4_1',
          },
        },
      );
      expect(cdn.status).toBe(200);
      const entry = record(record(cdn.json)['entry']);
      expect(entry['title']).toBe('Rain-ready shell');
      expect(record(record(entry['publish_details'])['variants'])[variantUid]).toMatchObject({
        alias: 'cs_personalize_4_1',
        version: 2,
      });

      const plain = await h.call(
        'GET',
        `/cdn/v3/content_types/product/entries/${PRODUCT_JACKET}?environment=production`,
        {
          headers: { api_key: h.creds.api_key, access_token: h.creds.delivery_token },
        },
      );
      expect(record(record(plain.json)['entry'])['title']).toBe('Ridge Shell Jacket');
    });

    it('unpublishes the variant only, then deletes the entry variant', async () => {
      await stack
        .contentType('product')
        .entry(PRODUCT_JACKET, { api_version: '3.2' })
        .unpublish({
          publishDetails: { environments: ['production'], locales: ['en-us'], variants: [{ uid: variantUid }] },
          locale: 'en-us',
        });
      const cdn = await h.call(
        'GET',
        `/cdn/v3/content_types/product/entries/${PRODUCT_JACKET}?environment=production`,
        {
          headers: { api_key: h.creds.api_key, access_token: h.creds.delivery_token, 'x-cs-variant-uid': variantUid },
        },
      );
      expect(record(record(cdn.json)['entry'])['title']).toBe('Ridge Shell Jacket');

      const deleted = await stack.contentType('product').entry(PRODUCT_JACKET).variants(variantUid).delete();
      expect(deleted).toEqual({ notice: 'Entry variant deleted successfully.' });
      const gone = await sdkError(stack.contentType('product').entry(PRODUCT_JACKET).variants(variantUid).fetch());
      expect(gone.status).toBe(404);
    });
  });

  it('deletes a variant, then the group', async () => {
    expect(await stack.variantGroup(groupUid).variants('cs00000000000000aa').delete()).toEqual({
      notice: 'Variant deleted successfully.',
    });
    const answer = await stack.variantGroup(groupUid).delete();
    expect(answer['notice']).toMatch(/deleted/);
    const all = await stack.variantGroup().query({ include_count: true }).find();
    expect(all.items.map((g) => g.uid)).not.toContain(groupUid);
  });
});

describe('the stack through the SDK', () => {
  it('fetches the stack, its environments and its languages', async () => {
    expect(await stack.fetch()).toMatchObject({
      api_key: h.creds.api_key,
      name: 'Northwind Outfitters',
      master_locale: 'en-us',
    });
    const environments = await stack.environment().query().find();
    expect(environments.items.map((e) => e['name'])).toEqual(['development', 'production']);
    const locales = await stack.locale().query().find();
    expect(locales.items.map((l) => [l['code'], l['fallback_locale']])).toEqual([
      ['en-us', null],
      ['fr-fr', 'en-us'],
    ]);
  });
});

describe('entries through the SDK', () => {
  it('creates, reads, updates (_version increments), localizes and deletes an entry', async () => {
    const created = await stack
      .contentType('promo_banner')
      .entry()
      .create({ entry: { title: 'Spring sale', message: '15% off rain gear' } });
    expect(created.uid).toMatch(/^blt[0-9a-f]{16}$/);
    expect(created._version).toBe(1);

    const fetched = await stack.contentType('promo_banner').entry(created.uid).fetch();
    expect(fetched['message']).toBe('15% off rain gear');
    fetched['message'] = '20% off rain gear';
    const updated = await fetched.update();
    expect(updated._version).toBe(2);
    expect(updated['message']).toBe('20% off rain gear');

    const localized = await stack.contentType('promo_banner').entry(created.uid).fetch({ locale: 'fr-fr' });
    expect(localized['locale']).toBe('en-us');
    localized['message'] = 'Soldes de printemps';
    await localized.update({ locale: 'fr-fr' });
    const locales = await stack.contentType('promo_banner').entry(created.uid).locales();
    expect(locales['locales']).toContainEqual({ code: 'fr-fr', localized: true });

    const deleted = await stack.contentType('promo_banner').entry(created.uid).delete();
    expect(deleted).toEqual({ notice: 'Entry deleted successfully.' });
    const err = await sdkError(stack.contentType('promo_banner').entry(created.uid).fetch());
    expect(err).toMatchObject({ status: 404, errorCode: 141 });
  });

  it('shows the base entry through a draft variant with includeVariants', async () => {
    const seen = await stack
      .contentType('promo_banner')
      .entry('blt2f7a4c8e1d6b9053')
      .includeVariants(true, 'cs8a2d5f1c7e4b9036');
    expect(seen.entry).toMatchObject({
      title: 'Free shipping',
      message: 'Members: free express shipping on every order',
    });
    const base = await stack.contentType('promo_banner').entry('blt2f7a4c8e1d6b9053').fetch();
    expect(base['message']).toBe('Free shipping on orders over €50');
  });

  it('reports entry validation errors by field path', async () => {
    const err = await sdkError(
      stack
        .contentType('product')
        .entry()
        .create({ entry: { title: 'Bad', sku: 'X', price: 'cheap' } }),
    );
    expect(err.status).toBe(422);
    expect(err.errors).toEqual({ price: ['is not a valid number.'] });
  });
});
