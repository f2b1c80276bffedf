/**
 * The version lifecycle told as one story over HTTP: draft → active → paused → a new draft that keeps the
 * variants' short uids → activation archives the paused version. Personalize sends no webhooks: none of these
 * steps may emit one.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_PERSONALIZE_UIDS } from '../../src/seed/personalize-seed';
import type { Harness } from '../apps/support/harness';
import { call, resetPersonalize, startPersonalize } from './support/personalize-harness';

interface VersionView {
  uid: string;
  status: string;
  variants: Array<{ shortUid: string; name: string; trafficDistribution?: number }>;
}

const ab = (name: string, traffic: number, shortUid?: string): Record<string, unknown> => ({
  __type: 'ABTestVariant',
  name,
  trafficDistribution: traffic,
  ...(shortUid !== undefined ? { shortUid } : {}),
});

describe('experience version lifecycle', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startPersonalize();
  });
  afterAll(() => h.close());
  beforeEach(() => resetPersonalize(h));

  const versions = async (exp: string): Promise<VersionView[]> =>
    (await call(h, 'GET', `/personalize/experiences/${exp}/versions`)).body as VersionView[];

  it('runs an A/B test from draft to archive under the rules', async () => {
    // Create: an experience and its empty draft at once.
    const created = await call(h, 'POST', '/personalize/experiences', {
      body: { name: 'Checkout copy', __type: 'AB_TEST' },
    });
    expect(created.status).toBe(201);
    const exp = created.body as { uid: string; shortUid: string; latestVersion: string };
    expect(exp.shortUid).toBe('2');
    const [draft] = await versions(exp.uid);
    expect(draft).toMatchObject({ uid: exp.latestVersion, status: 'DRAFT', variants: [] });
    const draftUid = exp.latestVersion;

    // Configure: the server issues short uids 0 and 1.
    const configured = await call(h, 'PUT', `/personalize/experiences/${exp.uid}/versions/${draftUid}`, {
      body: { status: 'DRAFT', variants: [ab('Control', 50), ab('Shorter copy', 50)] },
    });
    expect(configured.status).toBe(200);
    expect((configured.body as VersionView).variants.map((v) => v.shortUid)).toEqual(['0', '1']);

    // Activate.
    const activeBody = { status: 'ACTIVE', variants: [ab('Control', 50, '0'), ab('Shorter copy', 50, '1')] };
    expect(
      (await call(h, 'PUT', `/personalize/experiences/${exp.uid}/versions/${draftUid}`, { body: activeBody })).status,
    ).toBe(200);
    expect((await call(h, 'GET', `/personalize/experiences/${exp.uid}`)).body).toMatchObject({
      status: 'ACTIVE',
      activeVersion: draftUid,
    });

    // Locked: the split cannot change while the version runs, and it never returns to draft.
    const resplit = await call(h, 'PUT', `/personalize/experiences/${exp.uid}/versions/${draftUid}`, {
      body: { status: 'ACTIVE', variants: [ab('Control', 20, '0'), ab('Shorter copy', 80, '1')] },
    });
    expect(resplit).toMatchObject({
      status: 400,
      body: { message: 'personalize.EXPERIENCES.VERSIONS.CANNOT_UPDATE_LOCKED_VERSION' },
    });
    const backToDraft = await call(h, 'PUT', `/personalize/experiences/${exp.uid}/versions/${draftUid}`, {
      body: { ...activeBody, status: 'DRAFT' },
    });
    expect(backToDraft.body).toMatchObject({
      message: 'personalize.EXPERIENCES.VERSIONS.CANNOT_MARK_VERSION_AS_DRAFT',
    });

    // Pause (spelled PAUSE, stored PAUSED) with the same content.
    const paused = await call(h, 'PUT', `/personalize/experiences/${exp.uid}/versions/${draftUid}`, {
      body: { ...activeBody, status: 'PAUSE' },
    });
    expect(paused).toMatchObject({ status: 200, body: { status: 'PAUSED' } });

    // A new draft keeps 0 and 1 and gets 2 for the new variant; a second draft is refused.
    const next = await call(h, 'POST', `/personalize/experiences/${exp.uid}/versions`, {
      body: { status: 'DRAFT', variants: [ab('Control', 34, '0'), ab('Shorter copy', 33, '1'), ab('Emoji', 33)] },
    });
    expect(next.status).toBe(201);
    const nextVersion = next.body as VersionView;
    expect(nextVersion.variants.map((v) => v.shortUid)).toEqual(['0', '1', '2']);
    const second = await call(h, 'POST', `/personalize/experiences/${exp.uid}/versions`, {
      body: { status: 'DRAFT', variants: [] },
    });
    expect(second.body).toMatchObject({
      message: 'personalize.EXPERIENCES.VERSIONS.CANNOT_CREATE_VERSION_AS_DRAFT_ALREADY_EXISTS',
    });

    // Activating the new draft archives the paused version.
    const activated = await call(h, 'PUT', `/personalize/experiences/${exp.uid}/versions/${nextVersion.uid}`, {
      body: { status: 'ACTIVE', variants: nextVersion.variants.map((v) => ({ __type: 'ABTestVariant', ...v })) },
    });
    expect(activated.status).toBe(200);
    expect((await versions(exp.uid)).map((v) => [v.uid, v.status])).toEqual([
      [nextVersion.uid, 'ACTIVE'],
      [draftUid, 'ARCHIVED'],
    ]);
    const archived = await call(h, 'PUT', `/personalize/experiences/${exp.uid}/versions/${draftUid}`, {
      body: activeBody,
    });
    expect(archived.body).toMatchObject({ message: 'personalize.EXPERIENCES.VERSIONS.CANNOT_UPDATE_ARCHIVED_VERSION' });

    // Dropping variant 2 and adding one never reuses 2.
    const third = await call(h, 'POST', `/personalize/experiences/${exp.uid}/versions`, {
      body: { status: 'DRAFT', variants: [ab('Control', 50, '0'), ab('Bold', 50)] },
    });
    expect((third.body as VersionView).variants.map((v) => v.shortUid)).toEqual(['0', '3']);

    // The real Personalize has no webhooks: not one of these changes was announced.
    expect(h.emitted.events).toEqual([]);
  });

  it('never reuses an experience short uid; delete emits nothing', async () => {
    const first = (await call(h, 'POST', '/personalize/experiences', { body: { name: 'One', __type: 'SEGMENTED' } }))
      .body as { uid: string; shortUid: string };
    expect((await call(h, 'DELETE', `/personalize/experiences/${first.uid}`)).status).toBe(204);
    const second = (await call(h, 'POST', '/personalize/experiences', { body: { name: 'Two', __type: 'SEGMENTED' } }))
      .body as { shortUid: string };
    expect([first.shortUid, second.shortUid]).toEqual(['2', '3']);
    expect(h.emitted.events).toEqual([]);
    expect((await call(h, 'GET', '/personalize/experiences-priority')).body).not.toContain(first.uid);
  });

  it('activates the seeded segmented draft and leaves an unchanged active version alone', async () => {
    const { homepageHero } = SEED_PERSONALIZE_UIDS.experiences;
    const draft = SEED_PERSONALIZE_UIDS.versions.homepageHeroDraft;
    const [seeded] = await versions(homepageHero);
    const body = { status: 'ACTIVE', variants: seeded?.variants ?? [] };
    expect((await call(h, 'PUT', `/personalize/experiences/${homepageHero}/versions/${draft}`, { body })).status).toBe(
      200,
    );
    const again = await call(h, 'PUT', `/personalize/experiences/${homepageHero}/versions/${draft}`, { body });
    expect(again.status).toBe(200);
    expect(h.emitted.events).toEqual([]);
  });
});
