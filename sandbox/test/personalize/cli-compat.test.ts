/**
 * What the official CLI (cli-variants) sends and expects of Personalize: a whole exported experience posted
 * back to `POST /experiences`, the paused status spelled `PAUSE`, the real error codes for a second draft and
 * a project name taken in the organization, and `{priorityOrder}` listing every experience.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Harness } from '../apps/support/harness';
import { call, personalizeSnapshot, resetPersonalize, startPersonalize } from './support/personalize-harness';

interface ExperienceView {
  uid: string;
  name: string;
  shortUid: string;
  latestVersion: string;
  targeting: unknown;
  metrics: unknown[];
}

describe('Personalize as the csdx CLI uses it', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startPersonalize();
  });
  afterAll(() => h.close());
  beforeEach(() => resetPersonalize(h));

  it('creates an experience from an exported one, ignoring its read-only fields', async () => {
    const list = (await call(h, 'GET', '/personalize/experiences')).body as ExperienceView[];
    const exported = list[0];
    if (exported === undefined) throw new Error('the seed has experiences');
    const { uid: _uid, ...body } = exported as ExperienceView & Record<string, unknown>;
    const created = await call(h, 'POST', '/personalize/experiences', { body: { ...body, name: 'Imported copy' } });
    expect(created.status).toBe(201);
    const made = created.body as ExperienceView;
    expect(made.uid).not.toBe(exported.uid);
    expect(made.shortUid).not.toBe(exported.shortUid);
    expect(made).toMatchObject({ name: 'Imported copy', targeting: exported.targeting, metrics: exported.metrics });
    expect(made).not.toHaveProperty(
      '_cms.variantGroup',
      (exported as { _cms?: { variantGroup?: string } })._cms?.variantGroup,
    );
  });

  it('still refuses an unknown field and a metric naming no event', async () => {
    const before = personalizeSnapshot(h);
    const unknown = await call(h, 'POST', '/personalize/experiences', {
      body: { name: 'X', __type: 'AB_TEST', colour: 'red' },
    });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('UNKNOWN_FIELD');
    const badEvent = await call(h, 'POST', '/personalize/experiences', {
      body: { name: 'X', __type: 'AB_TEST', metrics: [{ event: 'nope', name: 'N', __type: 'Primary' }] },
    });
    expect(badEvent.status).toBe(400);
    expect(JSON.stringify(badEvent.body)).toContain('EVENT_NOT_FOUND');
    expect(personalizeSnapshot(h)).toBe(before);
  });

  it('answers the real code for a second draft, and takes PAUSE for PAUSED', async () => {
    const exp = (await call(h, 'POST', '/personalize/experiences', { body: { name: 'Copy', __type: 'AB_TEST' } }))
      .body as ExperienceView;
    const second = await call(h, 'POST', `/personalize/experiences/${exp.uid}/versions`, {
      body: { status: 'DRAFT', variants: [] },
    });
    expect(second.status).toBe(400);
    expect(second.body).toMatchObject({
      message: 'personalize.EXPERIENCES.VERSIONS.CANNOT_CREATE_VERSION_AS_DRAFT_ALREADY_EXISTS',
    });
    const variants = [
      { __type: 'ABTestVariant', name: 'A', trafficDistribution: 50 },
      { __type: 'ABTestVariant', name: 'B', trafficDistribution: 50 },
    ];
    const path = `/personalize/experiences/${exp.uid}/versions/${exp.latestVersion}`;
    const active = await call(h, 'PUT', path, { body: { status: 'ACTIVE', variants } });
    expect(active.status).toBe(200);
    const shortUids = (active.body as { variants: { shortUid: string }[] }).variants.map((v) => v.shortUid);
    const paused = await call(h, 'PUT', path, {
      body: { status: 'PAUSE', variants: variants.map((v, i) => ({ ...v, shortUid: shortUids[i] })) },
    });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ status: 'PAUSED' });
  });

  it('refuses a project name taken in the organization with DUPLICATE_NAME', async () => {
    const first = await call(h, 'POST', '/personalize/projects', { project: 'none', body: { name: 'Spare project' } });
    expect(first.status).toBe(201);
    const before = personalizeSnapshot(h);
    const again = await call(h, 'POST', '/personalize/projects', { project: 'none', body: { name: 'spare project ' } });
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.body)).toContain('personalize.PROJECTS.DUPLICATE_NAME');
    expect(personalizeSnapshot(h)).toBe(before);
    // Another organization may use the name.
    const elsewhere = await call(h, 'POST', '/personalize/projects', {
      auth: 'user-b',
      project: 'none',
      body: { name: 'Spare project' },
    });
    expect(elsewhere.status).toBe(201);
  });

  it('takes {priorityOrder} naming every experience and refuses a partial list', async () => {
    const order = (await call(h, 'GET', '/personalize/experiences-priority')).body as string[];
    expect(order.length).toBeGreaterThan(1);
    const reversed = [...order].reverse();
    const put = await call(h, 'PUT', '/personalize/experiences-priority', { body: { priorityOrder: reversed } });
    expect(put.status).toBe(200);
    expect((await call(h, 'GET', '/personalize/experiences-priority')).body).toEqual(reversed);
    const before = personalizeSnapshot(h);
    const partial = await call(h, 'PUT', '/personalize/experiences-priority', { body: { priorityOrder: [order[0]] } });
    expect(partial.status).toBe(400);
    expect(JSON.stringify(partial.body)).toContain('MISSING_EXPERIENCES');
    const bare = await call(h, 'PUT', '/personalize/experiences-priority', { body: [order[0]] });
    expect(bare.status).toBe(400);
    expect(personalizeSnapshot(h)).toBe(before);
    expect((await call(h, 'PUT', '/personalize/experiences-priority', { body: order })).status).toBe(200);
  });
});
