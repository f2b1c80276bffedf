// The guard use case with in-memory ports: it links content types with the group's current name, counts entry
// variants only when the plan asks, and has no way to write what Personalize owns (the ports offer none).
import { describe, expect, it } from 'vitest';
import type { GroupSnapshot } from '@pb/shared';
import { guardExperience } from './guard-experience';
import type { ExperienceRecord, PersonalizePort, VariantGroupPort, VersionRecord } from './ports';

const meta = { project_uid: 'p', experience_uid: 'e', experience_short_uid: '3', status: 'linked' as const };
const record = (fields: Partial<ExperienceRecord> = {}): ExperienceRecord => ({
  uid: 'e',
  shortUid: '3',
  name: 'Hero test',
  description: '',
  latestVersion: 'v1',
  cmsLink: null,
  contentTypes: ['home_hero'],
  listing: 'x',
  ...fields,
});
const versions: VersionRecord[] = [
  {
    uid: 'v1',
    status: 'ACTIVE',
    variants: [
      { shortUid: '0', name: 'A' },
      { shortUid: '1', name: 'B' },
    ],
  },
];
const group = (): GroupSnapshot => ({
  uid: 'g',
  name: 'Hero test (1)',
  content_types: [],
  personalize_metadata: meta,
  variants: [
    { uid: 'c0', name: 'A', alias: 'cs_personalize_3_0', personalize_metadata: { ...meta, variant_short_uid: '0' } },
    { uid: 'c1', name: 'B', alias: 'cs_personalize_3_1', personalize_metadata: { ...meta, variant_short_uid: '1' } },
    { uid: 'c9', name: 'Gone', alias: 'cs_personalize_3_9', personalize_metadata: { ...meta, variant_short_uid: '9' } },
  ],
});

function ports(experience: ExperienceRecord | null, groups: GroupSnapshot[]) {
  const calls: string[] = [];
  const personalize: PersonalizePort = {
    listExperiences: () => Promise.resolve(experience === null ? [] : [experience]),
    getExperience: () => Promise.resolve(experience),
    listVersions: () => Promise.resolve(versions),
  };
  const cma: VariantGroupPort = {
    listGroups: () => Promise.resolve(groups),
    groupsOfExperience: (uid) => {
      calls.push(`groups of ${uid}`);
      return Promise.resolve(groups.filter((g) => g.personalize_metadata?.experience_uid === uid));
    },
    getGroup: (uid) => {
      calls.push(`group ${uid}`);
      return Promise.resolve(groups.find((g) => g.uid === uid) ?? null);
    },
    setContentTypeLinks: (uid, name, cts, status) => {
      calls.push(`${status} ${cts.join(',')} on ${uid} as "${name}"`);
      return Promise.resolve();
    },
    entryVariantCounts: (_g, uids) => {
      calls.push(`count ${uids.join(',')}`);
      return Promise.resolve(Object.fromEntries(uids.map((u) => [u, 4])));
    },
  };
  return { calls, personalize, cma };
}

const deps = (p: ReturnType<typeof ports>) => ({
  personalize: p.personalize,
  cma: p.cma,
  policy: { deletedExperience: 'keep' as const },
  syncDeadlineMs: 120_000,
  now: () => new Date('2026-12-01T10:00:00Z'),
});

describe('guarding one experience', () => {
  it('links the content types with the current name, and counts entry variants of a stale variant', async () => {
    const p = ports(record(), [group()]);
    const outcome = await guardExperience(deps(p), { projectUid: 'p', experienceUid: 'e', previous: null });
    expect(p.calls).toEqual(['groups of e', 'count c9', 'linked home_hero on g as "Hero test (1)"']);
    expect(outcome.plan.record.state).toBe('synced');
    expect(outcome.plan.link).toEqual({ variantGroup: 'g', variants: { '0': 'c0', '1': 'c1' } });
    expect(outcome.plan.reports.map((r) => r.kind)).toEqual(['group-differs', 'stale-variant']);
  });

  it('reads the group `_cms` names when no metadata points at it', async () => {
    const named = { ...group(), personalize_metadata: null };
    const p = ports(record({ cmsLink: { variantGroup: 'g', variants: { '0': 'c0', '1': 'c1' } } }), [named]);
    const outcome = await guardExperience(deps(p), { projectUid: 'p', experienceUid: 'e', previous: null });
    expect(p.calls.slice(0, 2)).toEqual(['groups of e', 'group g']);
    expect(outcome.plan.groupUid).toBe('g');
  });

  it('waits, writing nothing, while Personalize has not made the group', async () => {
    const p = ports(record(), []);
    const outcome = await guardExperience(deps(p), { projectUid: 'p', experienceUid: 'e', previous: null });
    expect(p.calls).toEqual(['groups of e']);
    expect(outcome.plan.record).toMatchObject({ state: 'waiting', waitingSince: '2026-12-01T10:00:00.000Z' });
  });
});
