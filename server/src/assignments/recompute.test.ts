// The recompute use case with in-memory ports: priority order, paused and deleted experiences, ranges carried over
// between versions, coverage read once and kept, and entry-variant events updating coverage.
import { describe, expect, it } from 'vitest';
import { minimumMovedShare, sharesOf, type Experience, type ExperienceVersion } from '@pb/shared';
import { applyEntryVariantEvent } from './coverage-events';
import { notServedReasons } from './not-served';
import { recomputeProject, type RecomputeDeps } from './recompute';
import type { CoverageReadPort, PersonalizeReadPort } from './sources';
import type { StoredTable, TableContent } from '@pb/shared';

class MemoryStore {
  readonly history: StoredTable[] = [];
  table: StoredTable | null = null;
  current(_projectUid: string): Promise<StoredTable | null> {
    return Promise.resolve(this.table);
  }
  tryUpdate(
    _projectUid: string,
    change: (current: StoredTable | null) => TableContent | null,
  ): Promise<{ ok: true; revision: number | null; changed: boolean }> {
    const next = change(this.table);
    if (next === null) return Promise.resolve({ ok: true, revision: this.table?.revision ?? null, changed: false });
    const revision = (this.table?.revision ?? 0) + 1;
    this.table = { ...next, revision, compiledAt: new Date(0).toISOString() };
    this.history.push(this.table);
    return Promise.resolve({ ok: true, revision, changed: true });
  }
  async update(
    projectUid: string,
    change: (current: StoredTable | null) => TableContent | null,
  ): Promise<{ revision: number | null; changed: boolean }> {
    const { revision, changed } = await this.tryUpdate(projectUid, change);
    return { revision, changed };
  }
}

const ab = (uid: string, shortUid: string): Experience => ({
  uid,
  shortUid,
  name: uid,
  __type: 'AB_TEST',
  status: 'ACTIVE',
  _cms: { variantGroup: `group-${uid}`, variants: { '0': `cs-${uid}-0`, '1': `cs-${uid}-1` } },
});
const abVersion = (uid: string, status: 'ACTIVE' | 'PAUSED', split: [number, number]): ExperienceVersion => ({
  uid,
  status,
  variants: [
    { __type: 'ABTestVariant', shortUid: '0', name: 'Control', trafficDistribution: split[0] },
    { __type: 'ABTestVariant', shortUid: '1', name: 'B', trafficDistribution: split[1] },
  ],
});

function world() {
  const experiences: Experience[] = [ab('expA', '0'), ab('expB', '1')];
  const versions: Record<string, ExperienceVersion[]> = {
    expA: [abVersion('a1', 'ACTIVE', [50, 50])],
    expB: [abVersion('b1', 'ACTIVE', [50, 50])],
  };
  const priority = ['expB', 'expA'];
  let coverageCalls = 0;
  const entryVariants: Record<string, string[]> = { e1: ['cs-expA-1'], e2: [] };
  const personalize: PersonalizeReadPort = {
    listExperiences: () => Promise.resolve(experiences),
    listVersions: (uid) => Promise.resolve(versions[uid] ?? []),
    priority: () => Promise.resolve(priority),
    listAudiences: () => Promise.resolve([]),
    listAttributes: () => Promise.resolve([]),
    listEvents: () => Promise.resolve([{ uid: 'ev1', key: 'purchase' }]),
  };
  const coverage: CoverageReadPort = {
    linkedContentTypes: () => (coverageCalls++, Promise.resolve(['hero'])),
    listEntryUids: () => (coverageCalls++, Promise.resolve(Object.keys(entryVariants))),
    entryVariantUids: (_ct, entry) => (coverageCalls++, Promise.resolve(entryVariants[entry] ?? [])),
  };
  const store = new MemoryStore();
  const deps: RecomputeDeps = { personalize, coverage, store };
  const request = { stackApiKey: 'stack', projectUid: 'proj', refreshCoverageFor: [] };
  return { experiences, versions, priority, entryVariants, store, deps, request, calls: () => coverageCalls };
}

describe('recomputeProject', () => {
  it('serves live experiences in priority order with their coverage, and a rerun publishes nothing', async () => {
    const w = world();
    const outcome = await recomputeProject(w.deps, w.request);
    // Two revisions: the decisions first (served at once), then the same table with the coverage read from the CMA.
    expect(outcome).toMatchObject({ revision: 2, published: true, problems: [] });
    expect(w.store.table?.table.experiences.map((e) => e.experienceUid)).toEqual(['expB', 'expA']);
    expect(w.store.table?.coverage['cs-expA-1']).toEqual({ hero: ['e1'] });
    expect(w.store.table?.coverage['cs-expA-0']).toEqual({ hero: [] });
    // The first revision already served every experience, before any coverage read.
    expect(w.store.history[0]?.table.experiences.map((e) => e.experienceUid)).toEqual(['expB', 'expA']);
    expect(w.store.history[0]?.coverage).toEqual({});
    const calls = w.calls();
    const rerun = await recomputeProject(w.deps, w.request);
    expect(rerun).toMatchObject({ revision: 2, published: false });
    expect(w.calls()).toBe(calls); // coverage kept, not re-read
  });

  it('derives a new split from the previous ranges (minimal movement) and drops deleted experiences', async () => {
    const w = world();
    await recomputeProject(w.deps, w.request);
    const before = w.store.table?.table.experiences.find((e) => e.experienceUid === 'expA');
    w.versions['expA'] = [abVersion('a2', 'ACTIVE', [80, 20])];
    w.experiences.splice(1, 1); // expB deleted
    await recomputeProject(w.deps, w.request);
    const after = w.store.table?.table.experiences.find((e) => e.experienceUid === 'expA');
    if (before?.type !== 'AB_TEST' || after?.type !== 'AB_TEST') throw new Error('expected A/B rows');
    expect(after.versionUid).toBe('a2');
    expect(sharesOf(after.ranges).get('0')).toBeCloseTo(0.8, 6);
    // Control keeps all its previous slots: only the shrinking arm's users move.
    const controlBefore = before.ranges.segments.filter((s) => s.variantShortUid === '0');
    for (const s of controlBefore) {
      expect(after.ranges.segments.some((t) => t.variantShortUid === '0' && t.start <= s.start && t.end >= s.end)).toBe(
        true,
      );
    }
    expect(minimumMovedShare(before.ranges, after.ranges)).toBeCloseTo(0.3, 6);
    expect(w.store.table?.table.experiences.map((e) => e.experienceUid)).toEqual(['expA']);
  });

  it('marks a paused version paused and reports an invalid split instead of failing the project', async () => {
    const w = world();
    w.versions['expA'] = [abVersion('a1', 'PAUSED', [50, 50])];
    w.versions['expB'] = [{ ...abVersion('b1', 'ACTIVE', [50, 50]), variants: [] }];
    const outcome = await recomputeProject(w.deps, w.request);
    expect(w.store.table?.table.experiences.find((e) => e.experienceUid === 'expA')?.paused).toBe(true);
    expect(outcome.problems).toEqual([{ experienceUid: 'expB', reason: 'invalid-split', detail: 'no-variants' }]);
  });

  it('leaves out the experiences it cannot evaluate, with their reasons stored beside the table, and serves the rest', async () => {
    const w = world();
    const segmented = (uid: string, shortUid: string): Experience => ({
      uid,
      shortUid,
      name: uid,
      __type: 'SEGMENTED',
      status: 'ACTIVE',
    });
    const regexAudience = {
      uid: 'aud_regex',
      name: 'Search visitors',
      definition: {
        __type: 'RuleCombination',
        combinationType: 'AND',
        rules: [
          {
            __type: 'Rule',
            attribute: { __type: 'PresetAttributeReference', ref: 'REFERRER' },
            attributeMatchCondition: 'REGEX_MATCH',
            invertCondition: false,
          },
        ],
      },
    };
    const variant = (name: string, audiences: string[], extra: Record<string, unknown> = {}) => ({
      __type: 'SegmentedVariant',
      shortUid: '0',
      name,
      audiences,
      audienceCombinationType: 'OR',
      ...extra,
    });
    const rawVersions: Record<string, unknown[]> = {
      expLytics: [{ uid: 'l1', status: 'ACTIVE', variants: [variant('EU', [], { lyticsAudiences: ['ly_1'] })] }],
      expRegex: [{ uid: 'r1', status: 'ACTIVE', variants: [variant('Search', ['aud_regex'])] }],
    };
    const deps: RecomputeDeps = {
      ...w.deps,
      personalize: {
        ...w.deps.personalize,
        // An experience type we do not know, besides two experiences whose live versions ask for the unknown.
        listExperiences: () =>
          Promise.resolve([
            ...w.experiences,
            segmented('expLytics', '5'),
            segmented('expRegex', '6'),
            { uid: 'expBandit', shortUid: '7', name: 'Bandit', __type: 'MULTI_ARMED_BANDIT' },
          ]),
        listVersions: (uid) => Promise.resolve(rawVersions[uid] ?? w.versions[uid] ?? []),
        listAudiences: () => Promise.resolve([regexAudience]),
      },
    };
    const outcome = await recomputeProject(deps, w.request);
    expect(w.store.table?.table.experiences.map((e) => e.experienceUid)).toEqual(['expB', 'expA']);
    const expected = [
      {
        experienceUid: 'expBandit',
        shortUid: '7',
        reason: "the experience type 'MULTI_ARMED_BANDIT' is not one this app knows",
      },
      {
        experienceUid: 'expLytics',
        shortUid: '5',
        reason: "variant 'EU' targets Lytics audiences, which this app cannot evaluate",
      },
      {
        experienceUid: 'expRegex',
        shortUid: '6',
        reason:
          "variant 'Search': audience 'Search visitors' uses the match condition 'REGEX_MATCH', which this app does not know",
      },
    ];
    expect(outcome.notServed).toEqual(expected);
    expect(w.store.table?.notServed).toEqual(expected);
    expect(await notServedReasons({ current: () => Promise.resolve(w.store.table) }, 'proj')).toEqual(
      new Map(expected.map((e) => [e.experienceUid, e])),
    );
  });

  it('entry-variant events add and remove covered entries by re-reading the entry', async () => {
    const w = world();
    await recomputeProject(w.deps, w.request);
    const event = (entry: string, variant: string, kind: 'create' | 'delete') => ({
      module: 'entry_variant' as const,
      event: kind,
      api_key: 'stack',
      triggered_at: new Date(0).toISOString(),
      data: {
        entry: { uid: entry, locale: 'en-us', _variant: { _uid: variant, _change_set: ['title'] } },
        content_type: { uid: 'hero' },
        variant: { uid: variant },
      },
    });
    w.entryVariants['e2'] = ['cs-expA-0'];
    expect(await applyEntryVariantEvent(w.deps, 'proj', event('e2', 'cs-expA-0', 'create'))).toMatchObject({
      applied: true,
      changed: true,
    });
    expect(w.store.table?.coverage['cs-expA-0']).toEqual({ hero: ['e2'] });
    w.entryVariants['e1'] = [];
    await applyEntryVariantEvent(w.deps, 'proj', event('e1', 'cs-expA-1', 'delete'));
    expect(w.store.table?.coverage['cs-expA-1']).toEqual({ hero: [] });
    expect(await applyEntryVariantEvent(w.deps, 'proj', event('e1', 'cs-other', 'create'))).toEqual({
      applied: false,
      reason: 'variant-not-served',
    });
  });
});
