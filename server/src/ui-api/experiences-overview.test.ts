import { describe, expect, it } from 'vitest';
import { experiencesOverview, type OverviewDeps } from './experiences-overview';
import type { ExperienceView, GroupView, MirrorJobFacts, PersonalizeReader, StackReader, VersionView } from './ports';
import { createMirrorStatusSource } from './mirror-status';
import type { GuardReport, SyncRecord } from '@pb/shared';

const experience: ExperienceView = {
  uid: 'exp1',
  shortUid: '0',
  name: 'Hero',
  description: '',
  type: 'AB_TEST',
  latestVersion: 'ver1',
  cmsLink: null,
  contentTypes: [],
};
const version: VersionView = {
  uid: 'ver1',
  status: 'ACTIVE',
  variants: [
    { shortUid: '0', name: 'Control', trafficDistribution: 50 },
    { shortUid: '1', name: 'Bold', trafficDistribution: 50 },
  ],
};
const group: GroupView = {
  uid: 'grp1',
  name: 'Hero',
  contentTypes: ['promo'],
  metadata: { projectUid: 'proj', experienceUid: 'exp1', status: 'linked' },
  variants: [
    { uid: 'cv0', name: 'Control', shortUid: '0' },
    { uid: 'cv1', name: 'Bold', shortUid: '1' },
  ],
};
const orphanGroup: GroupView = {
  uid: 'grp_old',
  name: 'Old',
  contentTypes: [],
  metadata: { projectUid: 'proj', experienceUid: 'exp_gone', status: 'unlinked' },
  variants: [],
};

function deps(overrides: Partial<OverviewDeps> = {}, groups: GroupView[] = [group, orphanGroup]) {
  const reads: string[] = [];
  const personalize: PersonalizeReader = {
    listExperiences: () => Promise.resolve([experience]),
    listVersions: () => Promise.resolve([version]),
    audienceNames: () => Promise.resolve(new Map()),
    listProjects: () => Promise.resolve([]),
  };
  const stack: StackReader = {
    listGroups: () => Promise.resolve(groups),
    listEntries: (ct) => {
      reads.push(`entries ${ct}`);
      return Promise.resolve([
        { uid: 'e1', title: 'One' },
        { uid: 'e2', title: 'Two' },
      ]);
    },
    entryVariantUids: (ct, entry) => {
      reads.push(`variants ${ct}/${entry}`);
      return Promise.resolve(entry === 'e1' ? ['cv0'] : []);
    },
  };
  return {
    reads,
    deps: {
      personalize,
      stack,
      syncRecords: new Map<string, SyncRecord>(),
      notServed: new Map<string, string>(),
      reports: new Map<string, GuardReport[]>(),
      now: new Date('2026-12-01T10:02:00Z'),
      jobs: new Map<string, MirrorJobFacts>(),
      coverageTable: null,
      withCoverage: true,
      ...overrides,
    } satisfies OverviewDeps,
  };
}

const record = (fields: Partial<SyncRecord>): Map<string, SyncRecord> =>
  new Map([
    [
      'exp1',
      { state: 'synced', variants: {}, remaps: [], staleCounts: {}, checkedAt: '2026-12-01T10:00:00Z', ...fields },
    ],
  ]);

const job = (facts: Partial<MirrorJobFacts>): Map<string, MirrorJobFacts> =>
  new Map([['exp1', { pending: false, failure: null, lastMirroredAt: null, ...facts }]]);

describe('experiences overview: sync state', () => {
  it.each([
    ['never checked', {}, { state: 'pending', reason: 'not checked yet' }],
    [
      'a check queued',
      { jobs: job({ pending: true }), syncRecords: record({}) },
      { state: 'pending', reason: 'a check is queued or running' },
    ],
    [
      'a job retrying',
      { jobs: job({ pending: true, failure: 'retrying: cma 503' }) },
      { state: 'pending', reason: 'retrying: cma 503' },
    ],
    [
      'the last job failed',
      { jobs: job({ failure: 'cma 422: not valid' }) },
      { state: 'error', reason: 'cma 422: not valid' },
    ],
    [
      'waiting for the sync, with its age',
      { syncRecords: record({ state: 'waiting', waitingSince: '2026-12-01T10:01:48Z', missing: 'group' }) },
      {
        state: 'waiting-for-sync',
        waitingSeconds: 12,
        reason: "Waiting for Contentstack's sync to make the variant group (12 s)",
      },
    ],
    [
      'overdue, saying what is missing and what to do',
      { syncRecords: record({ state: 'overdue', waitingSince: '2026-12-01T09:59:00Z', missing: ['2'] }) },
      { state: 'sync-overdue', waitingSeconds: 180 },
    ],
    ['deleted, its group left behind', { syncRecords: record({ state: 'orphaned' }) }, { state: 'orphaned' }],
    [
      'left out by the assignments engine, with its reason',
      {
        syncRecords: record({}),
        notServed: new Map([['exp1', "variant 'EU' targets Lytics audiences, which this app cannot evaluate"]]),
      },
      { state: 'not-personalized', reason: "variant 'EU' targets Lytics audiences, which this app cannot evaluate" },
    ],
  ] as const)('%s', async (_name, overrides, expected) => {
    const { deps: d } = deps(overrides);
    const { experiences } = await experiencesOverview(d, 'proj');
    expect(experiences[0]?.mirror).toMatchObject(expected);
    if (expected.state === 'sync-overdue') {
      expect(experiences[0]?.mirror.reason).toContain('CMS variants for variant(s) 2');
      expect(experiences[0]?.mirror.reason).toContain('Mirror now');
    }
  });

  it('is in sync once the group is complete, with notes that are not failures and remaps to move', async () => {
    const reports = new Map<string, GuardReport[]>([
      [
        'exp1',
        [
          { kind: 'duplicate-group', groupUid: 'grp2', winnerUid: 'grp1', reason: 'cms-link' },
          { kind: 'variant-remapped', shortUid: '1', fromVariantUid: 'cv_old', toVariantUid: 'cv1', entryVariants: 3 },
        ],
      ],
    ]);
    const { deps: d } = deps({
      syncRecords: record({}),
      reports,
      jobs: job({ lastMirroredAt: Date.UTC(2026, 10, 28) }),
    });
    const { experiences } = await experiencesOverview(d, 'proj');
    expect(experiences[0]?.mirror).toEqual({
      state: 'in-sync',
      lastMirroredAt: '2026-11-28T00:00:00.000Z',
      notes: [
        "another variant group (grp2) also claims this experience; the one in use is grp1, which Personalize's link names",
      ],
      remaps: [{ shortUid: '1', fromVariantUid: 'cv_old', toVariantUid: 'cv1', entryVariants: 3 }],
    });
  });

  it('is pending when its recorded group is no longer listed', async () => {
    const gone = await experiencesOverview(deps({ syncRecords: record({}) }, []).deps, 'proj');
    expect(gone.experiences[0]?.mirror).toEqual({ state: 'pending', reason: 'its variant group is no longer listed' });
  });
});

describe('experiences overview: variants and coverage', () => {
  it('finds the group by metadata, maps CMS variants by short uid and lists entries lacking a variant', async () => {
    const { deps: d, reads } = deps();
    const { experiences, orphanedGroups } = await experiencesOverview(d, 'proj');
    expect(experiences[0]).toMatchObject({ variantGroupUid: 'grp1', contentTypes: ['promo'] });
    expect(experiences[0]?.variants).toEqual([
      {
        shortUid: '0',
        name: 'Control',
        cmsVariantUid: 'cv0',
        trafficDistribution: 50,
        coverage: [{ contentTypeUid: 'promo', entries: 2, missing: [{ uid: 'e2', title: 'Two' }] }],
      },
      {
        shortUid: '1',
        name: 'Bold',
        cmsVariantUid: 'cv1',
        trafficDistribution: 50,
        coverage: [
          {
            contentTypeUid: 'promo',
            entries: 2,
            missing: [
              { uid: 'e1', title: 'One' },
              { uid: 'e2', title: 'Two' },
            ],
          },
        ],
      },
    ]);
    // Entry lists and entry reads are shared between variants.
    expect(reads).toEqual(['entries promo', 'variants promo/e1', 'variants promo/e2']);
    expect(orphanedGroups).toEqual([{ groupUid: 'grp_old', name: 'Old', experienceUid: 'exp_gone', contentTypes: [] }]);
  });

  it('takes coverage from the assignments table where it has it, and reads nothing per entry then', async () => {
    const { deps: d, reads } = deps({ coverageTable: { cv0: { promo: ['e2'] }, cv1: { promo: [] } } });
    const { experiences } = await experiencesOverview(d, 'proj');
    expect(experiences[0]?.variants[0]?.coverage?.[0]?.missing).toEqual([{ uid: 'e1', title: 'One' }]);
    expect(reads).toEqual(['entries promo']);
  });

  it('skips coverage unless asked', async () => {
    const { deps: d, reads } = deps({ withCoverage: false });
    const { experiences } = await experiencesOverview(d, 'proj');
    expect(experiences[0]?.variants[0]?.coverage).toBeUndefined();
    expect(reads).toEqual([]);
  });
});

describe('mirror status from the queue', () => {
  const jobOf = (fields: Record<string, unknown>) => ({
    data: { projectUid: 'proj', experienceUid: 'exp1' },
    attemptsMade: 0,
    failedReason: '',
    timestamp: 1,
    ...fields,
  });
  function source(jobs: Record<string, ReturnType<typeof jobOf>[]>) {
    return createMirrorStatusSource({
      state: { syncRecords: () => Promise.resolve(new Map()), reports: () => Promise.resolve(new Map()) },
      mirrorQueue: {
        getJobs: ((types: string[]) =>
          Promise.resolve(
            types.includes('completed')
              ? (jobs['completed'] ?? [])
              : types.includes('failed')
                ? (jobs['failed'] ?? [])
                : (jobs['pending'] ?? []),
          )) as never,
      },
    });
  }

  it('reports a failure only when it came after the last success', async () => {
    const healed = await source({
      failed: [jobOf({ finishedOn: 100, failedReason: 'boom' })],
      completed: [jobOf({ finishedOn: 200 })],
    }).jobs('proj');
    expect(healed.get('exp1')).toEqual({ pending: false, failure: null, lastMirroredAt: 200 });
    const broken = await source({
      failed: [jobOf({ finishedOn: 300, failedReason: 'boom' })],
      completed: [jobOf({ finishedOn: 200 })],
    }).jobs('proj');
    expect(broken.get('exp1')).toEqual({ pending: false, failure: 'boom', lastMirroredAt: 200 });
  });

  it('marks a retrying job pending with the reason of its last attempt, and ignores other projects', async () => {
    const facts = await source({
      pending: [
        jobOf({ attemptsMade: 2, failedReason: 'cma 503' }),
        jobOf({ data: { projectUid: 'other', experienceUid: 'exp2' } }),
      ],
    }).jobs('proj');
    expect([...facts]).toEqual([['exp1', { pending: true, failure: 'retrying: cma 503', lastMirroredAt: null }]]);
  });
});
