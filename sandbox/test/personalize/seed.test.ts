import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_PERSONALIZE_UIDS } from '../../src/seed/personalize-seed';
import { STACK_A } from '../apps/support/harness';
import type { Harness } from '../apps/support/harness';
import { call, personalizeSnapshot, startPersonalize } from './support/personalize-harness';

interface Named {
  uid: string;
  name: string;
  key: string;
  __type: string;
  definition: { rules: Array<{ __type: string }> };
}

describe('the seeded Personalize project', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startPersonalize();
  });
  afterAll(() => h.close());

  it('is connected to the first stack', async () => {
    const res = await call(h, 'GET', `/personalize/projects?connectedStackApiKey=${STACK_A.apiKey}`, {
      project: 'none',
    });
    expect(res.body).toMatchObject([{ name: 'Northwind Outfitters', connectedStackApiKey: STACK_A.apiKey }]);
  });

  it('has preset attributes and a custom loyalty tier', async () => {
    const attrs = (await call(h, 'GET', '/personalize/attributes')).body as Named[];
    expect(attrs.filter((a) => a.__type === 'PRESET').map((a) => a.key)).toContain('COUNTRY');
    expect(attrs.find((a) => a.key === 'loyalty_tier')).toMatchObject({ __type: 'CUSTOM' });
  });

  it('tracks add_to_cart and purchase', async () => {
    const events = (await call(h, 'GET', '/personalize/events')).body as Named[];
    expect(events.map((e) => e.key)).toEqual(expect.arrayContaining(['add_to_cart', 'purchase']));
  });

  it('has EU visitors, mobile users and gold members (nested rules)', async () => {
    const audiences = (await call(h, 'GET', '/personalize/audiences')).body as Named[];
    expect(audiences.map((a) => a.name)).toEqual(['EU visitors', 'Mobile users', 'Gold members']);
    const gold = audiences.find((a) => a.uid === SEED_PERSONALIZE_UIDS.audiences.goldMembers);
    expect(gold?.definition.rules.map((r) => r.__type)).toEqual(['Rule', 'RuleCombination']);
  });

  it('has two draft experiences: one segmented, one A/B test whose variants split 100', async () => {
    const experiences = (await call(h, 'GET', '/personalize/experiences')).body as Array<Named & { status: string }>;
    expect(experiences.map((e) => [e.__type, e.status])).toEqual([
      ['SEGMENTED', 'DRAFT'],
      ['AB_TEST', 'DRAFT'],
    ]);
    const [abDraft] = (
      await call(h, 'GET', `/personalize/experiences/${SEED_PERSONALIZE_UIDS.experiences.freeShippingTest}/versions`)
    ).body as Array<{ variants: Array<{ trafficDistribution: number }> }>;
    expect(abDraft?.variants.length).toBeGreaterThanOrEqual(2);
    expect(abDraft?.variants.reduce((s, v) => s + v.trafficDistribution, 0)).toBe(100);
  });

  it('survives a snapshot / restore round trip and resets to the seed', async () => {
    const part = h.parts.get('personalize');
    if (part === undefined) throw new Error('no personalize state part');
    const seeded = personalizeSnapshot(h);
    await call(h, 'POST', '/personalize/events', { body: { key: 'wishlist_add' } });
    const changed = personalizeSnapshot(h);
    expect(changed).not.toBe(seeded);
    part.reset();
    expect(personalizeSnapshot(h)).not.toBe(changed);
    part.restore(JSON.parse(changed));
    expect(personalizeSnapshot(h)).toBe(changed);
  });
});
