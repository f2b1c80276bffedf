/**
 * Personalize's background CMS sync, over HTTP against a whole sandbox with a 50 ms delay: the group and variants
 * it makes (listed through the official management SDK as the oracle), renames, added variants, deletion, the
 * " (1)" suffix, pausing and the remap fault — and that none of it shows in the request log or a rate budget.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SEED_PERSONALIZE_CMS, SEED_PERSONALIZE_UIDS } from '../../src/seed/personalize-seed';
import { record, startHarness } from '../cma/harness';
import type { Harness } from '../cma/harness';
import { sdkStack } from '../cma/sdk-port';
import type { SdkStack, SdkVariantGroup } from '../cma/sdk-port';

const DELAY = 50;

interface Experience {
  uid: string;
  shortUid: string;
  latestVersion: string;
  _cms?: { variantGroup: string; variants: Record<string, string> };
}

interface Group {
  uid: string;
  name: string;
  description: string;
  created_by: string;
  content_types: { uid: string }[];
  personalize_metadata?: Record<string, string>;
  variants: { uid: string; name: string; alias: string; personalize_metadata?: Record<string, string> }[];
}

let h: Harness;
let stack: SdkStack;
let projectUid = '';

beforeAll(async () => {
  h = await startHarness({
    personalizeSyncDelayMs: DELAY,
    rateLimits: { read: 10_000, write: 10_000, personalize: 10_000 },
  });
  stack = sdkStack(h.sandbox.url, h.creds.api_key, h.creds.management_token);
  projectUid = String(record((await h.call('GET', '/_sandbox/credentials')).json)['personalize_project_uid']);
});
afterEach(async () => {
  // Reset clears rate windows but keeps limits: put back the generous ones.
  await h.call('PUT', '/_sandbox/rate-limits', { body: { read: 10_000, write: 10_000, personalize: 10_000 } });
  await h.call('POST', '/_sandbox/reset');
});
afterAll(async () => {
  await h.close();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const personalize = async (method: string, path: string, body?: object): Promise<{ status: number; json: unknown }> =>
  h.call(method, `/personalize${path}`, {
    headers: { authtoken: h.creds.authtoken, 'x-project-uid': projectUid },
    ...(body === undefined ? {} : { body }),
  });

const cma = (method: string, path: string, body?: object) =>
  h.call(method, `/v3${path}`, {
    headers: { api_key: h.creds.api_key, authorization: h.creds.management_token },
    ...(body === undefined ? {} : { body }),
  });

const experience = async (uid: string): Promise<Experience> =>
  (await personalize('GET', `/experiences/${uid}`)).json as Experience;

const group = async (uid: string): Promise<Group> => (await cma('GET', `/variant_groups/${uid}`)).json as Group;

const waitFor = async <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 3000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
};

const linked = (uid: string, predicate: (e: Experience) => boolean = () => true): Promise<Experience> =>
  waitFor(`the sync on ${uid}`, async () => {
    const e = await experience(uid);
    return e._cms !== undefined && predicate(e) ? e : undefined;
  });

const ab = (name: string, traffic: number, shortUid?: string) => ({
  __type: 'ABTestVariant',
  name,
  trafficDistribution: traffic,
  ...(shortUid === undefined ? {} : { shortUid }),
});

/** A new A/B experience whose draft gets `variants`; answers the experience and the time of the version write. */
const createWithVariants = async (
  name: string,
  variants: object[],
  status = 'DRAFT',
): Promise<{ exp: Experience; writtenAt: number }> => {
  const created = await personalize('POST', '/experiences', { name, description: `About ${name}`, __type: 'AB_TEST' });
  expect(created.status).toBe(201);
  const exp = created.json as Experience;
  // Taken before the write is sent: the sync's timer starts when the sandbox handles it, not when the answer arrives.
  const writtenAt = Date.now();
  const written = await personalize('PUT', `/experiences/${exp.uid}/versions/${exp.latestVersion}`, {
    status,
    variants,
  });
  expect(written.status, JSON.stringify(written.json)).toBe(200);
  return { exp, writtenAt };
};

const sdkGroupsOf = async (experienceUid: string): Promise<SdkVariantGroup[]> =>
  (await stack.variantGroup().query({ experience_uid: experienceUid, include_variant_info: true }).find()).items;

describe("Personalize's CMS sync", () => {
  it('makes the group, its variants and _cms of a new 3-variant experience after the delay, internally', async () => {
    // A longer delay here, so the "not yet" checks below hold on a loaded machine.
    const delay = 300;
    await h.call('PUT', '/_sandbox/personalize-sync', { body: { delayMs: delay } });
    const since = Date.now();
    // A write budget of 1 per second: were the sync's four CMS writes counted, the client's write below would be 429.
    expect((await h.call('PUT', '/_sandbox/rate-limits', { body: { write: 1 } })).status).toBe(200);
    const { exp, writtenAt } = await createWithVariants('Checkout copy', [
      ab('Control', 34),
      ab('Shorter', 33),
      ab('Emoji', 33),
    ]);
    expect((await experience(exp.uid))._cms).toBeUndefined();
    expect(record((await h.call('GET', '/_sandbox/personalize-sync')).json)['pending']).toBe(1);

    const synced = await linked(exp.uid);
    // Timers fire no earlier than their delay; 2 ms allow for the millisecond clocks on both sides.
    expect(Date.now() - writtenAt).toBeGreaterThanOrEqual(delay - 2);
    const cms = synced._cms;
    if (cms === undefined) throw new Error('no _cms');
    expect(Object.keys(cms.variants).sort()).toEqual(['0', '1', '2']);

    // The official SDK finds it the way the CLI does (?experience_uid=), and sees exactly one.
    const groups = await sdkGroupsOf(exp.uid);
    expect(groups.map((g) => g.uid)).toEqual([cms.variantGroup]);
    const metadata = {
      project_uid: projectUid,
      experience_uid: exp.uid,
      experience_short_uid: exp.shortUid,
      status: 'linked',
    };
    const g = await group(cms.variantGroup);
    expect(g).toMatchObject({
      name: 'Checkout copy',
      description: 'About Checkout copy',
      content_types: [],
      personalize_metadata: metadata,
      created_by: 'system_personalize_sync',
    });
    expect(g.uid).toMatch(/^cs[0-9a-f]{16}$/);
    const byShort = (short: string) => g.variants.find((v) => v.uid === cms.variants[short]);
    expect(['0', '1', '2'].map((s) => byShort(s)?.name)).toEqual(['Control', 'Shorter', 'Emoji']);
    for (const short of ['0', '1', '2']) {
      expect(byShort(short)).toMatchObject({
        alias: `cs_personalize_${exp.shortUid}_${short}`,
        personalize_metadata: { ...metadata, variant_short_uid: short },
      });
    }

    // Internal: none of the sync's calls is in the request log, and none drew from the write budget.
    const log = record((await h.call('GET', `/_sandbox/requests?since=${since}`)).json)['requests'] as {
      method: string;
      path: string;
    }[];
    expect(log.filter((r) => r.method !== 'GET' && r.path.startsWith('/v3'))).toEqual([]);
    const link = await cma('PUT', `/variant_groups/${g.uid}`, {
      name: g.name,
      content_types: [{ uid: 'promo_banner', status: 'linked' }],
    });
    expect(link.status, JSON.stringify(link.json)).toBe(200);
    expect(record((await h.call('GET', '/_sandbox/personalize-sync')).json)['pending']).toBe(0);
  });

  it('coalesces a burst of writes into one run after the last of them', async () => {
    // Writes 100 ms apart with a 400 ms delay: the burst lasts longer than the delay, yet no run comes before its end.
    await h.call('PUT', '/_sandbox/personalize-sync', { body: { delayMs: 400 } });
    const { exp } = await createWithVariants('Burst', [ab('A', 50), ab('B', 50)]);
    for (let i = 0; i < 5; i += 1) {
      await sleep(100);
      expect((await personalize('PUT', `/experiences/${exp.uid}`, { name: `Burst ${i}` })).status).toBe(200);
      expect((await experience(exp.uid))._cms, 'ran before the burst ended').toBeUndefined();
    }
    const synced = await linked(exp.uid);
    expect((await group(synced._cms?.variantGroup ?? '')).name).toBe('Burst 4');
  });

  it('follows renames and new variants, never removes one, and leaves a deleted experience’s group as it was', async () => {
    const { exp } = await createWithVariants('Hero test', [ab('Control', 50), ab('Bold', 50)]);
    const first = await linked(exp.uid);
    const groupUid = first._cms?.variantGroup ?? '';
    await cma('PUT', `/variant_groups/${groupUid}`, {
      name: 'Hero test',
      content_types: [{ uid: 'home_hero', status: 'linked' }],
    });

    expect(
      (await personalize('PUT', `/experiences/${exp.uid}`, { name: 'Hero test v2', description: 'Now bolder' })).status,
    ).toBe(200);
    // The draft again: variant 0 renamed, 1 dropped, a new one (short uid 2).
    const rewritten = await personalize('PUT', `/experiences/${exp.uid}/versions/${exp.latestVersion}`, {
      status: 'DRAFT',
      variants: [ab('Control group', 50, '0'), ab('Italic', 50)],
    });
    expect(rewritten.status).toBe(200);
    const second = await linked(exp.uid, (e) => e._cms?.variants['2'] !== undefined);
    await waitFor('the rename', async () => ((await group(groupUid)).name === 'Hero test v2' ? true : undefined));
    const g = await group(groupUid);
    expect(second._cms?.variantGroup).toBe(groupUid);
    expect(g.description).toBe('Now bolder');
    expect(g.content_types.map((c) => c.uid)).toEqual(['home_hero']);
    expect(g.variants.map((v) => [v.alias, v.name]).sort()).toEqual([
      [`cs_personalize_${exp.shortUid}_0`, 'Control group'],
      [`cs_personalize_${exp.shortUid}_1`, 'Bold'],
      [`cs_personalize_${exp.shortUid}_2`, 'Italic'],
    ]);
    expect(second._cms?.variants['0']).toBe(first._cms?.variants['0']);

    const before = await group(groupUid);
    expect((await personalize('DELETE', `/experiences/${exp.uid}`)).status).toBe(204);
    await sleep(DELAY * 4);
    expect(await group(groupUid)).toEqual(before);
    expect((await sdkGroupsOf(exp.uid)).map((x) => x.uid)).toEqual([groupUid]);
  });

  it('names the group "<name> (1)", "(2)"… when the name is taken (a recreated experience)', async () => {
    expect((await cma('POST', '/variant_groups', { name: 'Spring hero', content_types: [] })).status).toBe(201);
    const { exp: one } = await createWithVariants('Spring hero', [ab('A', 50), ab('B', 50)]);
    const g1 = await group((await linked(one.uid))._cms?.variantGroup ?? '');
    expect(g1.name).toBe('Spring hero (1)');
    expect((await personalize('DELETE', `/experiences/${one.uid}`)).status).toBe(204);
    const { exp: two } = await createWithVariants('Spring hero', [ab('A', 50), ab('B', 50)]);
    const g2 = await group((await linked(two.uid))._cms?.variantGroup ?? '');
    expect(g2.name).toBe('Spring hero (2)');
    expect(g2.uid).not.toBe(g1.uid);
    // The recreated experience has a new short uid, so its aliases do not collide with the orphaned group's.
    expect(g2.variants.map((v) => v.alias).sort()).toEqual([
      `cs_personalize_${two.shortUid}_0`,
      `cs_personalize_${two.shortUid}_1`,
    ]);
  });

  it('paused: the run never comes; unpausing runs what is due', async () => {
    const paused = await h.call('PUT', '/_sandbox/personalize-sync', { body: { paused: true } });
    expect(paused.json).toMatchObject({ paused: true, delayMs: DELAY, remapOnFirstActivation: false });
    const { exp } = await createWithVariants('Waiting', [ab('A', 50), ab('B', 50)]);
    await sleep(DELAY * 6);
    expect((await experience(exp.uid))._cms).toBeUndefined();
    expect(await sdkGroupsOf(exp.uid)).toEqual([]);
    expect(record((await h.call('GET', '/_sandbox/personalize-sync')).json)['pending']).toBe(1);

    const resumed = await h.call('PUT', '/_sandbox/personalize-sync', { body: { paused: false } });
    expect(resumed.json).toMatchObject({ paused: false });
    const synced = await linked(exp.uid);
    expect((await sdkGroupsOf(exp.uid)).map((g) => g.uid)).toEqual([synced._cms?.variantGroup]);
  });

  it('remap fault: a first activation gives new CMS variant uids; the old variants stay with their entry variants', async () => {
    expect(
      (await h.call('PUT', '/_sandbox/personalize-sync', { body: { remapOnFirstActivation: true } })).json,
    ).toMatchObject({ remapOnFirstActivation: true });
    const { exp } = await createWithVariants('Remapped', [ab('A', 50), ab('B', 50)]);
    const before = await linked(exp.uid);
    const groupUid = before._cms?.variantGroup ?? '';
    const oldA = before._cms?.variants['0'] ?? '';
    expect(
      (
        await cma('PUT', `/variant_groups/${groupUid}`, {
          name: 'Remapped',
          content_types: [{ uid: 'promo_banner', status: 'linked' }],
        })
      ).status,
    ).toBe(200);
    const entryVariant = `/content_types/promo_banner/entries/blt2f7a4c8e1d6b9053/variants/${oldA}`;
    expect((await cma('PUT', entryVariant, { entry: { message: 'A wording' } })).status).toBe(201);

    const active = await personalize('PUT', `/experiences/${exp.uid}/versions/${exp.latestVersion}`, {
      status: 'ACTIVE',
      variants: [ab('A', 50, '0'), ab('B', 50, '1')],
    });
    expect(active.status).toBe(200);
    const after = await linked(exp.uid, (e) => e._cms?.variants['0'] !== oldA);
    const g = await group(groupUid);
    expect(after._cms?.variantGroup).toBe(groupUid);
    for (const short of ['0', '1']) {
      const oldUid = before._cms?.variants[short] ?? '';
      const newUid = after._cms?.variants[short] ?? '';
      expect(newUid).not.toBe(oldUid);
      expect(g.variants.find((v) => v.uid === newUid)).toMatchObject({
        alias: `cs_personalize_${exp.shortUid}_${short}`,
        personalize_metadata: { experience_uid: exp.uid, variant_short_uid: short },
      });
      const old = g.variants.find((v) => v.uid === oldUid);
      expect(old?.alias).toBe(oldUid);
      expect(old?.personalize_metadata).toBeUndefined();
    }
    expect((await cma('GET', entryVariant)).status).toBe(200);

    // Pausing and resuming is not a first activation: nothing moves again.
    for (const status of ['PAUSED', 'ACTIVE']) {
      const written = await personalize('PUT', `/experiences/${exp.uid}/versions/${exp.latestVersion}`, {
        status,
        variants: [ab('A', 50, '0'), ab('B', 50, '1')],
      });
      expect(written.status).toBe(200);
    }
    await sleep(DELAY * 4);
    expect((await experience(exp.uid))._cms).toEqual(after._cms);
    expect((await group(groupUid)).variants).toHaveLength(4);
  });

  it('ignores a _cms a client sends on POST and PUT', async () => {
    const fake = { variantGroup: 'cs0000000000000000', variants: { '0': 'cs0000000000000001' } };
    const created = await personalize('POST', '/experiences', { name: 'Sneaky', __type: 'AB_TEST', _cms: fake });
    expect(created.status).toBe(201);
    const uid = (created.json as Experience).uid;
    expect((await experience(uid))._cms).toBeUndefined();
    expect((await personalize('PUT', `/experiences/${uid}`, { _cms: fake })).status).toBe(200);
    expect((await experience(uid))._cms).toBeUndefined();
  });
});

describe('the seed and the admin knobs', () => {
  it('starts with the seeded experiences already synced and nothing pending', async () => {
    expect((await h.call('GET', '/_sandbox/personalize-sync')).json).toMatchObject({
      delayMs: DELAY,
      paused: false,
      remapOnFirstActivation: false,
      pending: 0,
    });
    for (const seeded of SEED_PERSONALIZE_CMS) {
      const e = await experience(seeded.experienceUid);
      expect(e._cms?.variantGroup).toBe(seeded.groupUid);
      const [g] = await sdkGroupsOf(seeded.experienceUid);
      expect(g?.uid).toBe(seeded.groupUid);
      expect(g?.['name']).toBe(seeded.name);
    }
    // Waiting out the delay changes nothing: the seed leaves the sync no work.
    const digest = await h.digest();
    await sleep(DELAY * 4);
    expect(await h.digest()).toBe(digest);
    expect(SEED_PERSONALIZE_CMS.map((c) => c.experienceUid)).toEqual(Object.values(SEED_PERSONALIZE_UIDS.experiences));
  });

  it('validates settings, and reset restores the defaults', async () => {
    const bad = await h.call('PUT', '/_sandbox/personalize-sync', { body: { delayMs: -1, surprise: true } });
    expect(bad.status).toBe(422);
    expect(Object.keys(record(record(bad.json)['errors']))).toEqual(expect.arrayContaining(['delayMs']));
    await h.call('PUT', '/_sandbox/personalize-sync', {
      body: { delayMs: 999, paused: true, remapOnFirstActivation: true },
    });
    await h.call('POST', '/_sandbox/reset');
    expect((await h.call('GET', '/_sandbox/personalize-sync')).json).toMatchObject({
      delayMs: DELAY,
      paused: false,
      remapOnFirstActivation: false,
      pending: 0,
    });
    expect((await h.call('POST', '/_sandbox/personalize-sync/run')).status).toBe(404);
  });
});
