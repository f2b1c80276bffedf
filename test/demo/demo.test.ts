// The demo's story against an in-process stack (sandbox, HTTP server, workers): every step completes and establishes
// the facts its printed line claims, checked against what the sandbox and the crowd's definition say independently.
// Then `npm run demo`'s CLI runs the story a second time against the same stack (names are unique per run) and
// prints all nine steps; and without a running stack it tells the person to run `npm start` first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runToEnd, type Finished } from '../support/processes';
import { manifestVariants } from './bridge';
import { deliverEntry, ManagementApi, PersonalizeApi } from './contentstack';
import { sleep } from './http';
import { DEMO_AUTO_LINK, startDemoStack, type DemoStack } from './in-process-stack';
import { createStory, runStory, type DemoStory, type StoryExperience, type VisitorFacts } from './story';
import { AB_TEST, SEGMENTED } from './story-content';
import { GOLD_ATTRIBUTES, OUTDOOR_ATTRIBUTES, simulatedVisitors, USER_AGENTS } from './visitors';
import { NOT_RUNNING, resolveTarget } from './target';

const CROWD = 120;
const RUN_ID = `t${Date.now().toString(36).slice(-5)}`;

let stack: DemoStack;
let story: DemoStory;
let personalize: PersonalizeApi;
let cma: ManagementApi;
/** Personalize's `updatedAt` of each version right after step 1 wrote its variants, read by the test itself. */
const variantsWrittenAt = new Map<string, string>();
/** The test's own watch of the edge, started once step 3 returned. */
let edgeWatch: Promise<EdgeWatch>;
const SANDBOX_SYNC_DELAY_MS = 3000; // the sandbox's default personalizeSyncDelayMs, which the in-process stack keeps

beforeAll(async () => {
  stack = await startDemoStack();
  personalize = new PersonalizeApi(stack.sandboxUrl, stack.credentials);
  cma = new ManagementApi(stack.sandboxUrl, stack.credentials);
  story = createStory({
    serverUrl: stack.serverUrl,
    sandboxUrl: stack.sandboxUrl,
    credentials: stack.credentials,
    runId: RUN_ID,
    simulatedVisitors: CROWD,
  });
});
afterAll(async () => {
  await stack.stop();
});

async function step(index: number): Promise<string> {
  const s = story.steps[index - 1];
  if (s === undefined) throw new Error(`no step ${index}`);
  const outcome = await s.run();
  return outcome.summary;
}

const segmented = (): StoryExperience => story.facts.segmented as StoryExperience;
const ab = (): StoryExperience => story.facts.ab as StoryExperience;
const shortUid = (e: StoryExperience, key: string) => e.variants.find((v) => v.key === key)?.shortUid;
const visitor = (name: string): VisitorFacts | undefined => story.facts.visitors.find((v) => v.name === name);
const secondsOf = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

interface EdgeWatch {
  /** Per experience uid: when the last manifest without a variant of it was requested (ms epoch). */
  lastUnservedSentAt: Map<string, number>;
  /** Per experience uid: when the first manifest with a variant of it arrived. */
  firstServedAt: Map<string, number>;
}

/** Polls the raw manifest as the demo's probe visitor would be, independently of the story, until both are served. */
async function watchEdge(watched: readonly StoryExperience[]): Promise<EdgeWatch> {
  const watch: EdgeWatch = { lastUnservedSentAt: new Map(), firstServedAt: new Map() };
  const deadline = Date.now() + 55_000;
  while (watch.firstServedAt.size < watched.length && Date.now() < deadline) {
    const sentAt = Date.now();
    const variants = await manifestVariants(stack.serverUrl, stack.credentials.personalize_project_uid, {
      userAgent: USER_AGENTS.mobile,
      liveAttributes: GOLD_ATTRIBUTES,
    });
    const arrivedAt = Date.now();
    for (const e of watched) {
      if (watch.firstServedAt.has(e.uid)) continue;
      if ((variants.get(e.shortUid) ?? null) === null) watch.lastUnservedSentAt.set(e.uid, sentAt);
      else watch.firstServedAt.set(e.uid, arrivedAt);
    }
    await sleep(100);
  }
  return watch;
}

describe('the demo story', () => {
  it('has the nine steps of the issue, in order', () => {
    expect(story.steps.map((s) => s.name)).toEqual([
      'Create a segmented and an A/B experience with audiences and variants',
      'Set up events and metrics',
      'Activate',
      'The variant groups appear in the CMS',
      'Author entry variants',
      'Edge manifest for sample visitors',
      "The Delivery API returns each visitor's personalized entry",
      'Simulated impressions and conversions',
      'The results table',
    ]);
  });

  it('1. creates a segmented and an A/B experience with audiences and variants', async () => {
    await step(1);
    expect(segmented().name).toBe(SEGMENTED.name(RUN_ID));
    expect(ab().name).toBe(AB_TEST.name(RUN_ID));
    expect(segmented().shortUid).not.toBe(ab().shortUid);
    expect(story.facts.audiences).toEqual([
      { name: 'Gold members', created: false },
      { name: `Outdoor fans · demo ${RUN_ID}`, created: true },
      { name: 'Mobile users', created: false },
    ]);
    const audiences = await personalize.audiences();
    expect(audiences.map((a) => a.name)).toContain(`Outdoor fans · demo ${RUN_ID}`);
    const [draft] = await personalize.versions(ab().uid);
    expect(draft?.status).toBe('DRAFT');
    for (const e of [segmented(), ab()]) {
      const [version] = await personalize.versions(e.uid);
      expect(version?.variants).toHaveLength(2);
      variantsWrittenAt.set(e.uid, version?.updatedAt ?? '');
      expect(e.variantsAt).toBe(version?.updatedAt);
    }
    expect(draft?.variants.map((v) => [v.name, v['trafficDistribution']])).toEqual([
      ['Control', 50],
      ['Free shipping over €50', 50],
    ]);
  });

  it('2. sets up the events and attaches the metrics', async () => {
    await step(2);
    expect(story.facts.events).toEqual([
      { key: 'add_to_cart', created: false },
      { key: 'purchase', created: false },
    ]);
    const events = new Map((await personalize.events()).map((e) => [e.uid, e.key]));
    const metricKeys = async (e: StoryExperience) => {
      const [version] = await personalize.versions(e.uid);
      const metrics = (version?.['metrics'] ?? []) as { event: string; __type: string }[];
      return metrics.map((m) => [events.get(m.event), m.__type]);
    };
    expect(await metricKeys(segmented())).toEqual([['purchase', 'Primary']]);
    expect(await metricKeys(ab())).toEqual([
      ['add_to_cart', 'Primary'],
      ['purchase', 'Secondary'],
    ]);
  });

  it('3. activates both, keeping the variants it created', async () => {
    const shortUidsBefore = [segmented(), ab()].map((e) => e.variants.map((v) => v.shortUid));
    await step(3);
    edgeWatch = watchEdge([segmented(), ab()]);
    for (const e of [segmented(), ab()]) {
      const versions = await personalize.versions(e.uid);
      const active = versions.find((v) => v.status === 'ACTIVE');
      expect(active?.uid).toBe(e.versionUid);
      // The demo's activation time is when it sent the write: Personalize stamped the version while answering it.
      const stamped = Date.parse(active?.updatedAt ?? '');
      expect(e.activatedAt).toBeLessThanOrEqual(stamped + 1);
      expect(stamped - (e.activatedAt ?? 0)).toBeLessThan(2000);
      expect(active?.variants.map((v) => v.shortUid)).toEqual(e.variants.map((v) => v.shortUid));
    }
    expect([segmented(), ab()].map((e) => e.variants.map((v) => v.shortUid))).toEqual(shortUidsBefore);
  });

  it("4. times Contentstack's sync and counts the content types the app linked to each group", async () => {
    const summary = await step(4);
    expect(story.facts.groups).toHaveLength(2);
    const records = await stack.syncRecords();
    for (const e of [segmented(), ab()]) {
      const [group, ...others] = await cma.groupsOfExperience(e.uid);
      expect(others).toEqual([]);
      // Made by the sandbox's sync (its actor), named after the experience, with Personalize's aliases.
      expect(group?.created_by).toBe('system_personalize_sync');
      expect(group?.name).toBe(e.name);
      expect(group?.variants?.map((v) => v.alias).sort()).toEqual(
        e.variants.map((v) => `cs_personalize_${e.shortUid}_${v.shortUid}`).sort(),
      );
      const facts = story.facts.groups.find((g) => g.experienceUid === e.uid);
      expect(facts?.groupUid).toBe(group?.uid);
      expect(facts?.createdAt).toBe(group?.created_at);
      // Measured from Personalize's own timestamps: the sync runs its delay after the experience's last write.
      const syncMs = Date.parse(group?.created_at ?? '') - Date.parse(variantsWrittenAt.get(e.uid) ?? '');
      expect(facts?.syncMs).toBe(syncMs);
      expect(syncMs).toBeGreaterThanOrEqual(SANDBOX_SYNC_DELAY_MS);
      expect(syncMs).toBeLessThan(SANDBOX_SYNC_DELAY_MS + 10_000);
      expect(summary).toContain(`${secondsOf(syncMs)} ('${e.name}')`);
      // The app linked its auto-link list; the demo had nothing left to link.
      expect(facts?.linkedByApp).toEqual([...DEMO_AUTO_LINK].sort());
      expect(facts?.linkedByDemo).toEqual([]);
      expect(group?.content_types.map((c) => c.uid).sort()).toEqual([...DEMO_AUTO_LINK].sort());
      expect(records[e.uid]).toMatchObject({ state: 'synced', groupUid: group?.uid });
    }
    expect(summary).toContain(`the app linked ${DEMO_AUTO_LINK.length} content types to each.`);
  });

  it('5. authors and publishes the entry variants on new entries', async () => {
    await step(5);
    const entries = story.facts.entries;
    expect(entries?.environment).toBe('production');
    const base = await deliverEntry(stack.sandboxUrl, stack.credentials, {
      contentType: SEGMENTED.contentType,
      entryUid: entries?.hero ?? '',
      environment: 'production',
      locale: 'en-us',
      aliases: [`cs_personalize_${segmented().shortUid}_${shortUid(segmented(), 'outdoor') ?? ''}`],
    });
    expect(base['headline']).toBe(SEGMENTED.variants.outdoor.text);
  });

  it('6. times the edge from activation and gets each sample visitor its decisions through the official SDK', async () => {
    const summary = await step(6);
    const watch = await edgeWatch;
    for (const e of [segmented(), ab()]) {
      const edge = story.facts.edge.find((f) => f.experienceUid === e.uid);
      expect(edge?.activatedAt).toBe(e.activatedAt);
      expect(edge?.servedMs).toBe((edge?.servedAt ?? 0) - (e.activatedAt ?? 0));
      // The test's own watch agrees: the edge had not served it when the test last saw no variant, and the demo
      // saw it within a probe interval of the test's first sighting.
      const served = watch.firstServedAt.get(e.uid);
      expect(served).toBeDefined();
      expect(edge?.servedAt).toBeGreaterThan(watch.lastUnservedSentAt.get(e.uid) ?? 0);
      expect(edge?.servedAt).toBeLessThanOrEqual((served ?? 0) + 1000);
      // The app hands an activation to the assignments engine once Contentstack's sync has made the group.
      const group = story.facts.groups.find((g) => g.experienceUid === e.uid);
      expect(edge?.servedAt).toBeGreaterThanOrEqual(Date.parse(group?.createdAt ?? ''));
      expect(summary).toContain(`'${e.name}' ${secondsOf(edge?.servedMs ?? -1)}`);
    }
    expect(summary).toContain(`of ${story.facts.edgeManifestsPolled ?? -1} polled`);
    const gold = visitor('gold-member');
    const fan = visitor('outdoor-fan');
    const newcomer = visitor('newcomer');
    expect(gold?.segmented).toBe(shortUid(segmented(), 'gold'));
    expect(fan?.segmented).toBe(shortUid(segmented(), 'outdoor'));
    expect(newcomer?.segmented).toBeNull();
    // The A/B test targets mobile users: both phones are bucketed, the desktop visitor is not.
    const arms = [shortUid(ab(), 'control'), shortUid(ab(), 'freeShipping')];
    expect(arms).toContain(gold?.ab);
    expect(arms).toContain(newcomer?.ab);
    expect(fan?.ab).toBeNull();
    expect(gold?.aliases).toEqual([
      `cs_personalize_${segmented().shortUid}_${gold?.segmented ?? ''}`,
      `cs_personalize_${ab().shortUid}_${gold?.ab ?? ''}`,
    ]);
  });

  it("7. delivers each visitor's personalized hero and banner", async () => {
    await step(7);
    const banner = (v: VisitorFacts | undefined) =>
      v?.ab === shortUid(ab(), 'freeShipping') ? AB_TEST.variants.freeShipping.text : AB_TEST.base(RUN_ID).message;
    for (const [name, headline] of [
      ['gold-member', SEGMENTED.variants.gold.text],
      ['outdoor-fan', SEGMENTED.variants.outdoor.text],
      ['newcomer', SEGMENTED.base(RUN_ID).headline],
    ] as const) {
      expect(visitor(name)?.delivered).toEqual({ headline, bannerMessage: banner(visitor(name)) });
    }
  });

  it('8. simulates a crowd whose decisions follow the audiences and the split', async () => {
    await step(8);
    const crowd = simulatedVisitors(CROWD);
    const traffic = story.facts.traffic;
    const tally = (e: StoryExperience, key: string) => traffic?.tally[e.uid]?.[shortUid(e, key) ?? '']?.visitors ?? 0;
    expect(traffic?.visitors).toBe(CROWD);
    expect(tally(segmented(), 'gold')).toBe(crowd.filter((v) => v.attributes === GOLD_ATTRIBUTES).length);
    expect(tally(segmented(), 'outdoor')).toBe(crowd.filter((v) => v.attributes === OUTDOOR_ATTRIBUTES).length);
    const mobile = crowd.filter((v) => v.device === 'mobile').length;
    expect(tally(ab(), 'control') + tally(ab(), 'freeShipping')).toBe(mobile);
    expect(tally(ab(), 'control')).toBeGreaterThan(0);
    expect(tally(ab(), 'freeShipping')).toBeGreaterThan(0);
    const reached = crowd.filter((v) => v.device === 'mobile' || Object.keys(v.attributes).length > 0).length;
    expect(traffic?.withImpressions).toBe(reached);
  });

  it('9. reads the results through a UI session and they count exactly the simulated traffic', async () => {
    const summary = await step(9);
    expect(summary).toContain('agree with the simulated traffic');
    const traffic = story.facts.traffic;
    for (const e of [segmented(), ab()]) {
      const results = story.facts.results[e.uid];
      expect(results?.type).toBe(e === ab() ? 'AB_TEST' : 'SEGMENTED');
      for (const v of e.variants) {
        const want = traffic?.tally[e.uid]?.[v.shortUid];
        const got = results?.variants.find((r) => r.shortUid === v.shortUid);
        expect(got?.visitors).toBe(want?.visitors ?? 0);
        expect(got?.impressions).toBe(want?.visitors ?? 0); // one page view each
        for (const metric of results?.metrics ?? []) {
          const counted = metric.results.ok
            ? metric.results.value.variants.find((r) => r.variantShortUid === v.shortUid)?.conversions
            : undefined;
          expect(counted).toBe(want?.conversions[metric.eventKey ?? ''] ?? 0);
        }
      }
    }
    const abResults = story.facts.results[ab().uid];
    expect(abResults?.variants.map((v) => v.trafficShare)).toEqual([50, 50]);
    expect(abResults?.metrics.map((m) => [m.eventKey, m.primary])).toEqual([
      ['add_to_cart', true],
      ['purchase', false],
    ]);
  });
});

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The demo's CLI as `npm run demo` runs it (the story against the stack its environment names). */
const runCli = (env: Record<string, string>): Promise<Finished> =>
  runToEnd(process.execPath, ['--import', 'tsx', 'test/demo/main.ts'], { env });

describe('a failing step', () => {
  it('stops the story and names the step and the reason', async () => {
    const ran: string[] = [];
    const outcome = await runStory(
      {
        facts: story.facts,
        steps: [
          { name: 'first', run: () => Promise.resolve({ summary: 'fine', details: [] }) },
          { name: 'second', run: () => Promise.reject(new Error('the sandbox said no')) },
          { name: 'third', run: () => Promise.resolve({ summary: 'never', details: [] }) },
        ],
      },
      (_index, step) => ran.push(step.name),
    );
    expect(ran).toEqual(['first']);
    expect(outcome).toMatchObject({ ok: false, step: 2, name: 'second', reason: 'the sandbox said no' });
  });
});

describe('npm run demo', () => {
  it('runs the whole story again, with an empty auto-link list, and prints the nine numbered steps', async () => {
    // Without an auto-link list the app links nothing: the demo links what its entry variants need, and says so.
    await stack.setAutoLink([]);
    // The stack named too, not only the URLs: otherwise the CLI takes the stack from a .run/start.json that an
    // earlier `npm start` (yours, or the round-trip test's on an imported stack) left behind.
    const { code, stdout, stderr } = await runCli({
      DEMO_SERVER_URL: stack.serverUrl,
      DEMO_SANDBOX_URL: stack.sandboxUrl,
      DEMO_STACK_API_KEY: stack.credentials.api_key,
      DEMO_RUN_ID: `${RUN_ID}b`,
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const numbered = stdout.split('\n').filter((line) => /^\d+\. /.test(line));
    expect(numbered.map((line) => Number(line.split('.')[0]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(stdout).toContain(`'${SEGMENTED.name(`${RUN_ID}b`)}'`);
    const step4 = numbered.find((line) => line.startsWith('4. ')) ?? '';
    expect(step4).toMatch(/^4\. Contentstack's sync made the variant groups \d+\.\d s \('.+'\) and \d+\.\d s \('.+'\)/);
    expect(step4).toContain('the app linked 0 content types to each.');
    for (const [name, contentType] of [
      [SEGMENTED.name(`${RUN_ID}b`), SEGMENTED.contentType],
      [AB_TEST.name(`${RUN_ID}b`), AB_TEST.contentType],
    ] as const) {
      expect(stdout).toContain(
        `the app linked 0 content types; the demo linked ${contentType} itself, as an author attaching an entry`,
      );
      const synced = stdout.match(new RegExp(`'${escapeRegExp(name)}': made (\\d+\\.\\d) s after its version`));
      expect(Number(synced?.[1])).toBeGreaterThanOrEqual(SANDBOX_SYNC_DELAY_MS / 1000);
      const experience = (await personalize.experiences()).find((x) => x.name === name);
      const [group] = await cma.groupsOfExperience(experience?.uid ?? '');
      expect(group?.content_types.map((c) => c.uid)).toEqual([contentType]);
    }
    expect(stdout).toMatch(/5\. Authored 3 entry variants/);
    expect(stdout).toMatch(/6\. The edge API served '.+' \d+\.\d s and '.+' \d+\.\d s after activation/);
    expect(stdout).toMatch(/chance to beat control/);
    expect(stdout).toContain('Done: all 9 steps completed.');
  }, 120_000);

  it('tells the person to run `npm start` first when no server answers', async () => {
    const { code, stderr } = await runCli({
      DEMO_SERVER_URL: 'http://127.0.0.1:9',
      DEMO_SANDBOX_URL: stack.sandboxUrl,
    });
    expect(code).toBe(1);
    expect(stderr).toContain(NOT_RUNNING);
    const missing = await resolveTarget('/nonexistent/.run/start.json', {});
    expect(missing).toEqual({ ok: false, reason: expect.stringContaining(NOT_RUNNING) as unknown });
  });
});
