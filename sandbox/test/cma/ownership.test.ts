/**
 * Who owns which variant group in a stack connected to Personalize: the groups Personalize's sync made (here the
 * seeded ones) refuse every change to their name, description, metadata and variants — each refusal leaving the
 * state digest as it was — but take content-type links; hand-made groups keep full CRUD (driven through the
 * official SDK); and `?experience_uid=` finds an experience's group.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SEED_PERSONALIZE_CMS, SEED_PERSONALIZE_PROJECT_UID } from '../../src/seed/personalize-seed';
import { record, startHarness } from './harness';
import type { Harness } from './harness';
import { sdkStack } from './sdk-port';
import type { SdkStack } from './sdk-port';

const HERO = SEED_PERSONALIZE_CMS[0];
const GROUP = HERO.groupUid;
const VARIANT = HERO.variants[0].uid;
const LOYALTY_GROUP = 'cs1f4b7e2a9d6c3058';
const FREE_SHIPPING_BANNER = 'blt2f7a4c8e1d6b9053';

let h: Harness;
let stack: SdkStack;

beforeAll(async () => {
  h = await startHarness({ rateLimits: { read: 10_000, write: 10_000 } });
  stack = sdkStack(h.sandbox.url, h.creds.api_key, h.creds.management_token);
});
afterEach(async () => {
  await h.call('POST', '/_sandbox/reset');
});
afterAll(async () => {
  await h.close();
});

const cma = (method: string, path: string, body?: object) =>
  h.call(method, `/v3${path}`, {
    headers: { api_key: h.creds.api_key, authorization: h.creds.management_token },
    ...(body === undefined ? {} : { body }),
  });

const refusals: { name: string; method: string; path: string; body?: object; status: number; field: string }[] = [
  {
    name: 'renaming the group',
    method: 'PUT',
    path: `/variant_groups/${GROUP}`,
    body: { name: 'My hero', content_types: [{ uid: 'home_hero', status: 'linked' }] },
    status: 403,
    field: 'name',
  },
  {
    name: 'renaming it in the documented wrapped body',
    method: 'PUT',
    path: `/variant_groups/${GROUP}`,
    body: { variant_group: { name: 'My hero' } },
    status: 403,
    field: 'name',
  },
  {
    name: 're-describing the group',
    method: 'PUT',
    path: `/variant_groups/${GROUP}`,
    body: { name: HERO.name, description: 'Mine now' },
    status: 403,
    field: 'description',
  },
  {
    name: 'rewriting its personalize_metadata',
    method: 'PUT',
    path: `/variant_groups/${GROUP}`,
    body: { name: HERO.name, personalize_metadata: { project_uid: SEED_PERSONALIZE_PROJECT_UID, experience_uid: 'x' } },
    status: 403,
    field: 'personalize_metadata',
  },
  {
    name: 'linking without the name the real API requires',
    method: 'PUT',
    path: `/variant_groups/${GROUP}`,
    body: { content_types: [{ uid: 'home_hero', status: 'linked' }] },
    status: 422,
    field: 'name',
  },
  {
    name: 'deleting the group',
    method: 'DELETE',
    path: `/variant_groups/${GROUP}`,
    status: 403,
    field: 'variant_group',
  },
  {
    name: 'adding a variant',
    method: 'POST',
    path: `/variant_groups/${GROUP}/variants`,
    body: { name: 'Extra' },
    status: 403,
    field: 'variant',
  },
  {
    name: 'renaming a variant',
    method: 'PUT',
    path: `/variant_groups/${GROUP}/variants/${VARIANT}`,
    body: { name: 'Europe' },
    status: 403,
    field: 'variant',
  },
  {
    name: 'rewriting a variant’s metadata',
    method: 'PUT',
    path: `/variant_groups/${GROUP}/variants/${VARIANT}`,
    body: { personalize_metadata: { variant_short_uid: '9' } },
    status: 403,
    field: 'variant',
  },
  {
    name: 'deleting a variant',
    method: 'DELETE',
    path: `/variant_groups/${GROUP}/variants/${VARIANT}`,
    status: 403,
    field: 'variant',
  },
  {
    name: 'creating a group that claims the connected project',
    method: 'POST',
    path: '/variant_groups',
    body: {
      name: 'Homepage hero by segment',
      content_types: [],
      personalize_metadata: {
        project_uid: SEED_PERSONALIZE_PROJECT_UID,
        experience_uid: HERO.experienceUid,
        experience_short_uid: '0',
        status: 'linked',
      },
    },
    status: 403,
    field: 'personalize_metadata',
  },
  {
    name: 'making a hand-made group claim the connected project',
    method: 'PUT',
    path: `/variant_groups/${LOYALTY_GROUP}`,
    body: { name: 'Loyalty members', personalize_metadata: { project_uid: SEED_PERSONALIZE_PROJECT_UID } },
    status: 403,
    field: 'personalize_metadata',
  },
  {
    name: 'adding a variant that claims the connected project to a hand-made group',
    method: 'POST',
    path: `/variant_groups/${LOYALTY_GROUP}/variants`,
    body: { name: 'Sneaky', personalize_metadata: { project_uid: SEED_PERSONALIZE_PROJECT_UID } },
    status: 403,
    field: 'personalize_metadata',
  },
];

describe('Personalize-made groups are read-only to CMA clients, except for links', () => {
  it.each(refusals.map((r) => [r.name, r] as const))('refuses %s and changes nothing', async (_name, r) => {
    const before = await h.digest();
    const answer = await cma(r.method, r.path, r.body);
    expect(answer.status, JSON.stringify(answer.json)).toBe(r.status);
    const body = record(answer.json);
    expect(Object.keys(record(body['errors']))).toEqual([r.field]);
    if (r.status === 403) {
      expect(body['error_code']).toBe(162);
      expect(String(body['error_message'])).toMatch(/Personalize/);
    }
    expect(await h.digest(), 'a refused request changed state').toBe(before);
  });

  it('links and unlinks content types with the current name or a link body, and serves entry variants then', async () => {
    const linked = await cma('PUT', `/variant_groups/${GROUP}`, {
      name: HERO.name,
      description: HERO.description,
      content_types: [{ uid: 'promo_banner', status: 'linked' }],
    });
    expect(linked.status, JSON.stringify(linked.json)).toBe(200);
    expect(record(linked.json)).toMatchObject({ name: HERO.name, content_types: [{ uid: 'promo_banner' }] });

    const variantPath = `/content_types/promo_banner/entries/${FREE_SHIPPING_BANNER}/variants/${VARIANT}`;
    expect((await cma('PUT', variantPath, { entry: { message: 'EU: free returns' } })).status).toBe(201);

    const viaPost = await cma('POST', `/variant_groups/${GROUP}/variants`, {
      content_types: [{ uid: 'home_hero', status: 'linked' }],
    });
    expect(viaPost.status).toBe(200);
    const viaPut = await cma('PUT', `/variant_groups/${GROUP}/variants`, {
      content_types: [{ uid: 'promo_banner', status: 'unlinked' }],
    });
    expect(viaPut.status).toBe(200);
    const group = record((await cma('GET', `/variant_groups/${GROUP}`)).json);
    expect(group['content_types']).toEqual([{ uid: 'home_hero', status: 'linked' }]);
    expect(group['name']).toBe(HERO.name);
  });

  it('keeps full CRUD on hand-made groups (official SDK)', async () => {
    const created = await stack.variantGroup().create({ name: 'Weather', content_types: ['product'] });
    const uid = String(created['uid']);
    expect(await stack.variantGroup(uid).update({ name: 'Local weather', description: 'Rain or shine' })).toMatchObject(
      { name: 'Local weather', description: 'Rain or shine' },
    );
    const variant = await stack.variantGroup(uid).variants().create({ name: 'Rainy' });
    const variantUid = String(variant['uid']);
    expect(await stack.variantGroup(uid).variants(variantUid).update({ name: 'Rain' })).toMatchObject({ name: 'Rain' });
    expect(await stack.variantGroup(uid).variants(variantUid).delete()).toHaveProperty('notice');
    expect(await stack.variantGroup(uid).delete()).toHaveProperty('notice');
    // The seed's hand-made group too.
    expect((await cma('PUT', `/variant_groups/${LOYALTY_GROUP}`, { name: 'Members only' })).status).toBe(200);
    expect((await cma('DELETE', `/variant_groups/${LOYALTY_GROUP}`)).status).toBe(200);
  });
});

describe('GET /variant_groups?experience_uid=', () => {
  const uidsOf = async (query: string): Promise<string[]> =>
    (record((await cma('GET', `/variant_groups?${query}`)).json)['variant_groups'] as { uid: string }[]).map(
      (g) => g.uid,
    );

  it('filters by personalize_metadata.experience_uid, combined with the other list params', async () => {
    expect(await uidsOf(`experience_uid=${HERO.experienceUid}`)).toEqual([GROUP]);
    expect(await uidsOf(`experience_uid=${SEED_PERSONALIZE_CMS[1].experienceUid}`)).toEqual([
      SEED_PERSONALIZE_CMS[1].groupUid,
    ]);
    expect(await uidsOf('experience_uid=0123456789abcdef01234567')).toEqual([]);
    expect(await uidsOf(`experience_uid=${HERO.experienceUid}&content_type=promo_banner`)).toEqual([]);
    await cma('PUT', `/variant_groups/${GROUP}`, {
      name: HERO.name,
      content_types: [{ uid: 'promo_banner', status: 'linked' }],
    });
    expect(await uidsOf(`experience_uid=${HERO.experienceUid}&content_type=promo_banner`)).toEqual([GROUP]);
    expect(await uidsOf(`experience_uid=${HERO.experienceUid}&name=Other`)).toEqual([]);
    // Through the official SDK, as the CLI asks it.
    const found = await stack.variantGroup().query({ experience_uid: HERO.experienceUid }).find();
    expect(found.items.map((g) => g.uid)).toEqual([GROUP]);
  });
});
