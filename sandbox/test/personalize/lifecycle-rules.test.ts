/** The pure lifecycle decision, table-driven from transitions.json (from × to × content changed → outcome). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { planVersionWrite } from '../../src/personalize/lifecycle';
import type { Experience, Version } from '../../src/personalize/model';

const status = z.enum(['DRAFT', 'ACTIVE', 'PAUSED', 'ARCHIVED']);
const rows = z
  .array(
    z.object({
      from: z.union([status, z.literal('NEW')]),
      to: z.enum(['DRAFT', 'ACTIVE', 'PAUSED']),
      contentChanged: z.boolean(),
      outcome: z.string(),
      otherVersions: z.array(status).optional(),
    }),
  )
  .parse(JSON.parse(readFileSync(new URL('./transitions.json', import.meta.url), 'utf8')));

const experience: Experience = {
  uid: 'exp',
  projectUid: 'p',
  name: 'Test',
  description: '',
  __type: 'AB_TEST',
  shortUid: '0',
  nextVariantShortUid: 2,
  createdAt: '',
  updatedAt: '',
};

const split = (a: number): Version['variants'] => [
  { __type: 'ABTestVariant', shortUid: '0', name: 'A', trafficDistribution: a },
  { __type: 'ABTestVariant', shortUid: '1', name: 'B', trafficDistribution: 100 - a },
];

const version = (uid: string, s: Version['status']): Version => ({
  uid,
  experienceUid: 'exp',
  status: s,
  variants: split(50),
  metrics: [],
  createdAt: '',
  updatedAt: '',
});

describe('version lifecycle rules', () => {
  it.each(
    rows.map(
      (r) =>
        [
          `${r.from} → ${r.to}${r.contentChanged ? ' (content changed)' : ''}${r.otherVersions ? ` beside ${r.otherVersions.join(',')}` : ''}`,
          r,
        ] as const,
    ),
  )('%s', (_name, row) => {
    const others = (row.otherVersions ?? []).map((s, i) => version(`other${i}`, s));
    const target = row.from === 'NEW' ? undefined : version('target', row.from);
    const plan = planVersionWrite({
      experience,
      versions: [...others, ...(target ? [target] : [])],
      target,
      request: { status: row.to, variants: split(row.contentChanged ? 30 : 50) },
      audienceExists: () => true,
      eventExists: () => true,
    });
    if (plan.ok) {
      expect(plan.transition).toBe(row.outcome);
      // Rule 3: activating archives every other ACTIVE or PAUSED version, nothing else.
      const expected =
        row.to === 'ACTIVE'
          ? others.filter((o) => o.status === 'ACTIVE' || o.status === 'PAUSED').map((o) => o.uid)
          : [];
      expect(plan.archive).toEqual(expected);
    } else {
      expect(plan.code).toBe(row.outcome);
    }
  });

  it('issues new short uids after the high-water mark and refuses invented ones', () => {
    const base = { experience, versions: [], target: undefined, audienceExists: () => true, eventExists: () => true };
    const fresh = planVersionWrite({
      ...base,
      request: {
        status: 'DRAFT',
        variants: [
          { __type: 'ABTestVariant', shortUid: '1', name: 'B', trafficDistribution: 50 },
          { __type: 'ABTestVariant', name: 'C', trafficDistribution: 50 },
        ],
      },
    });
    expect(fresh.ok && fresh.variants.map((v) => v.shortUid)).toEqual(['1', '2']);
    expect(fresh.ok && fresh.nextVariantShortUid).toBe(3);
    const invented = planVersionWrite({
      ...base,
      request: {
        status: 'DRAFT',
        variants: [
          { __type: 'ABTestVariant', shortUid: '2', name: 'B', trafficDistribution: 50 },
          { __type: 'ABTestVariant', shortUid: '01', name: 'C', trafficDistribution: 50 },
        ],
      },
    });
    expect(invented.ok ? [] : invented.issues.map((i) => i.path)).toEqual([
      'variants.0.shortUid',
      'variants.1.shortUid',
    ]);
  });
});
