// Assignments end to end, through the official edge SDK: the seeded segmented and A/B experiences are activated in
// the sandbox, the mirror hands them to the recompute-assignments worker, and the SDK — pointed at our /edge —
// gets aliases that deliver the authored entry variants, reacts to attribute changes, and reports impressions and
// conversions that show up in the results. Changing the split moves only the users that must move; pausing stops
// the decision.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Personalize from '@contentstack/personalize-edge-sdk';
import { decide, minimumMovedShare, type EvaluationContext } from '@pb/shared';
import { serveTable } from '@pb/server/assignments/table-reader';
import type { StoredTable } from '@pb/shared';
import { projectRefreshJob } from '@pb/server/assignments/jobs';
import { startEngine, type Engine } from '../support/engine';
import { eventually, sleep } from '../support/eventually';
import { ADMIN, startDecisionSide, type DecisionSide } from './harness';

const HERO = '6650a1c0ffee0000000000c1'; // segmented: EU visitors (0), Gold members (1)
const SHIPPING = '6650a1c0ffee0000000000c2'; // A/B 50/50, targeted at mobile users
const HERO_ENTRY = 'blt4a1c9e2f7d3b8061';
const DELIVERY_TOKEN = 'cs2b8e4f1a9d7c3065e2f8a1b4d9c7e306';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

let engine: Engine;
let side: DecisionSide;
let projectUid = '';

beforeAll(async () => {
  engine = await startEngine();
  side = await startDecisionSide(engine);
  projectUid = engine.credentials.personalize_project_uid;
  Personalize.setEdgeApiUrl(`${side.url}/edge`);
}, 60_000);
afterAll(async () => {
  await side.stop();
  await engine.stop();
});

interface VersionBody {
  uid: string;
  status: string;
  variants: Record<string, unknown>[];
  targeting?: unknown;
  metrics?: unknown;
}

async function setStatus(experienceUid: string, status: 'ACTIVE' | 'PAUSED', versionUid?: string): Promise<string> {
  const versions = await engine.personalize.call<VersionBody[]>('GET', `/experiences/${experienceUid}/versions`);
  const version =
    versionUid === undefined ? versions.find((v) => v.status === 'DRAFT') : versions.find((v) => v.uid === versionUid);
  if (version === undefined) throw new Error(`no version to set ${status} on ${experienceUid}`);
  await engine.personalize.call('PUT', `/experiences/${experienceUid}/versions/${version.uid}`, {
    status,
    variants: version.variants,
    ...(version.targeting === undefined ? {} : { targeting: version.targeting }),
    ...(version.metrics === undefined ? {} : { metrics: version.metrics }),
  });
  return version.uid;
}

async function currentTable(): Promise<StoredTable | null> {
  return side.services.store.current(projectUid);
}

function row(table: StoredTable, experienceUid: string) {
  return table.table.experiences.find((e) => e.experienceUid === experienceUid);
}

async function cma<T>(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<T> {
  for (;;) {
    const response = await fetch(`${engine.sandbox.url}/v3${path}`, {
      method,
      headers: {
        authtoken: engine.credentials.authtoken,
        api_key: engine.credentials.api_key,
        'content-type': 'application/json',
        ...extra,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (response.status === 429) {
      await sleep(1100);
      continue;
    }
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }
}

async function deliveredHeadline(aliases: readonly string[]): Promise<string> {
  const response = await fetch(
    `${engine.sandbox.url}/cdn/v3/content_types/home_hero/entries/${HERO_ENTRY}?environment=production&locale=en-us`,
    {
      headers: {
        api_key: engine.credentials.api_key,
        access_token: DELIVERY_TOKEN,
        ...(aliases.length === 0 ? {} : { 'x-cs-variant-uid': aliases.join(',') }),
      },
    },
  );
  const body = (await response.json()) as { entry?: { headline?: string } };
  if (!response.ok) throw new Error(`delivery: HTTP ${response.status} ${JSON.stringify(body)}`);
  return body.entry?.headline ?? '';
}

function visitor(userId?: string): Promise<Awaited<ReturnType<typeof Personalize.init>>> {
  const request = new Request('https://shop.example.test/?utm_source=test', { headers: { 'User-Agent': IPHONE } });
  return Personalize.init(projectUid, { request, ...(userId === undefined ? {} : { userId }) });
}

describe('assignments through the official edge SDK', () => {
  it('activating the seeded experiences publishes a table with both, in priority order', async () => {
    await setStatus(HERO, 'ACTIVE');
    await setStatus(SHIPPING, 'ACTIVE');
    const table = await eventually(
      async () => {
        const t = await currentTable();
        const hero = t === null ? undefined : row(t, HERO);
        const shipping = t === null ? undefined : row(t, SHIPPING);
        const linked = hero?.variants.every((v) => v.cms !== null) && shipping?.variants.every((v) => v.cms !== null);
        return t !== null && linked === true ? t : undefined;
      },
      60_000,
      'both experiences served with CMS links',
    );
    expect(table.table.experiences.map((e) => e.experienceUid)).toEqual([HERO, SHIPPING]);
    expect(row(table, SHIPPING)?.type).toBe('AB_TEST');
    expect(table.metrics[HERO]?.[0]?.eventKey).toBe('purchase');
  });

  it('an unknown project is a 404 with the error body the SDK recognises', async () => {
    const response = await fetch(`${side.url}/edge/manifest`, { headers: { 'X-Project-Uid': 'nope' } });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'personalize.MANIFEST.PROJECT_NOT_FOUND' });
    await expect(Personalize.init('nope')).rejects.toThrow('Project not found: nope');
  });

  it('aliases from getVariantAliases() deliver the authored entry variant; attributes change the segment', async () => {
    const table = await currentTable();
    const goldVariant = table === null ? undefined : row(table, HERO)?.variants.find((v) => v.shortUid === '1');
    const group = table?.variantGroups[HERO];
    expect(goldVariant?.cms).not.toBeNull();
    const goldUid = goldVariant?.cms?.variantUid ?? '';
    // Author: link the hero content type to the group, write the gold members' headline, publish it.
    await cma('PUT', `/variant_groups/${group ?? ''}/variants`, {
      content_types: [{ uid: 'home_hero', status: 'linked' }],
      uid: group,
      branches: ['main'],
    });
    await cma('PUT', `/content_types/home_hero/entries/${HERO_ENTRY}/variants/${goldUid}?locale=en-us`, {
      entry: { headline: 'Gold members: early access', _variant: { _change_set: ['headline'] } },
    });
    await cma(
      'POST',
      `/content_types/home_hero/entries/${HERO_ENTRY}/publish`,
      {
        entry: {
          environments: ['production'],
          locales: ['en-us'],
          variants: [{ uid: goldUid, version: 1 }],
          variant_rules: { publish_latest_base: false, publish_latest_base_conditionally: true },
        },
        locale: 'en-us',
      },
      { api_version: '3.2' },
    );

    // A new visitor: no attributes, so no hero variant; the server issued a user uid.
    const first = await visitor();
    const userId = first.getUserId();
    expect(userId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.getActiveVariant('0')).toBeNull();
    const baseHeadline = await deliveredHeadline(first.getVariantAliases());
    expect(baseHeadline).toBe('Made for the long way round');

    // The visitor becomes a gold member: the next manifest for the same user picks the gold variant.
    await first.set({ loyalty_tier: 'gold', lifetime_value: 900 });
    const gold = await visitor(userId);
    expect(gold.getUserId()).toBe(userId);
    expect(gold.getActiveVariant('0')).toBe('1');
    const aliases = gold.getVariantAliases();
    expect(aliases[0]).toBe('cs_personalize_0_1');
    expect(await deliveredHeadline(aliases)).toBe('Gold members: early access');

    // Coverage: the entry-variant webhook of the authoring (sandbox → webhook ingest → events queue → coverage
    // processor in the worker runtime) recorded the entry; a full refresh re-reading the CMA agrees.
    await eventually(
      async () => ((await currentTable())?.coverage[goldUid]?.['home_hero']?.includes(HERO_ENTRY) ? true : undefined),
      30_000,
      'coverage updated by the entry-variant webhook',
    );
    const job = await side.registry.enqueue(projectRefreshJob, {
      stackApiKey: engine.credentials.api_key,
      projectUid,
      experienceUid: HERO,
      reason: 'manual',
    });
    await job.waitUntilFinished(side.recomputeEvents, 30_000);
    // Refreshes are coalesced per project: when one was already running, this one runs right after it.
    await eventually(
      async () => {
        const coverage = (await currentTable())?.coverage[goldUid];
        return JSON.stringify(coverage?.['home_hero']) === JSON.stringify([HERO_ENTRY]) ? true : undefined;
      },
      30_000,
      'a full refresh re-reading the CMA agrees',
    );
  });

  it('impressions and conversions sent by the SDK appear in the results', async () => {
    const sdk = await visitor();
    const abVariant = sdk.getActiveVariant('1');
    expect(abVariant === '0' || abVariant === '1').toBe(true);
    await sdk.triggerImpressions({ aliases: sdk.getVariantAliases() });
    await sdk.triggerImpressions({ aliases: sdk.getVariantAliases() }); // a repeat view: still one visitor
    await sdk.triggerEvent('add_to_cart');
    await sdk.triggerEvent('add_to_cart'); // a second add: still one converted visitor

    const unauthorized = await fetch(`${side.url}/api/experiences/${SHIPPING}/results`);
    expect(unauthorized.status).toBe(401);
    const response = await fetch(`${side.url}/api/experiences/${SHIPPING}/results`, {
      headers: { authorization: `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64')}` },
    });
    expect(response.status).toBe(200);
    const results = (await response.json()) as {
      variants: { shortUid: string; visitors: number; impressions: number }[];
      metrics: {
        eventKey: string;
        results: { ok: boolean; value?: { variants: { variantShortUid: string; conversions: number }[] } };
      }[];
      series: { at: string; variants: { shortUid: string; visitors: number }[] }[];
    };
    const seen = results.variants.find((v) => v.shortUid === abVariant);
    expect(seen).toMatchObject({ visitors: 1, impressions: 2 });
    // Today's point of the results over time agrees with the totals.
    const today = results.series.at(-1);
    expect(today?.at).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/);
    expect(today?.variants.find((v) => v.shortUid === abVariant)?.visitors).toBe(1);
    const addToCart = results.metrics.find((m) => m.eventKey === 'add_to_cart');
    expect(addToCart?.results.ok).toBe(true);
    const converted = addToCart?.results.value?.variants.find((v) => v.variantShortUid === abVariant);
    expect(converted?.conversions).toBe(1);
  });

  it('a new version with a changed split moves no more users than the minimum', async () => {
    const before = await currentTable();
    const beforeRow = before === null ? undefined : row(before, SHIPPING);
    if (before === null || beforeRow?.type !== 'AB_TEST') throw new Error('A/B test not served');
    const versions = await engine.personalize.call<VersionBody[]>('GET', `/experiences/${SHIPPING}/versions`);
    const active = versions.find((v) => v.status === 'ACTIVE');
    await engine.personalize.call('POST', `/experiences/${SHIPPING}/versions`, {
      status: 'ACTIVE',
      variants: [
        { __type: 'ABTestVariant', shortUid: '0', name: 'Control', trafficDistribution: 80 },
        { __type: 'ABTestVariant', shortUid: '1', name: 'Free shipping over €50', trafficDistribution: 20 },
      ],
      targeting: active?.targeting,
      metrics: active?.metrics,
    });
    const after = await eventually(
      async () => {
        const t = await currentTable();
        const r = t === null ? undefined : row(t, SHIPPING);
        return t !== null && r !== undefined && r.versionUid !== beforeRow.versionUid ? t : undefined;
      },
      60_000,
      'new A/B version served',
    );
    const afterRow = row(after, SHIPPING);
    if (afterRow?.type !== 'AB_TEST') throw new Error('A/B test not served');

    // Measured on the tables the edge serves: 20,000 mobile visitors decided under both.
    const oldTable = serveTable(before).compiled;
    const newTable = serveTable(after).compiled;
    const context: EvaluationContext = { preset: { DEVICE_TYPE: 'MOBILE' }, custom: {} };
    const index = after.table.experiences.findIndex((e) => e.experienceUid === SHIPPING);
    const users = 20_000;
    let moved = 0;
    let wrongDirection = 0;
    for (let i = 0; i < users; i++) {
      const request = { context, userUid: `visitor-${i}` };
      const was = decide(oldTable, request)[index]?.activeVariantShortUid;
      const is = decide(newTable, request)[index]?.activeVariantShortUid;
      if (was !== is) {
        moved++;
        if (!(was === '1' && is === '0')) wrongDirection++; // only the shrinking arm may lose users
      }
    }
    const minimum = minimumMovedShare(beforeRow.ranges, afterRow.ranges);
    expect(minimum).toBeCloseTo(0.3, 6);
    expect(wrongDirection).toBe(0);
    // Sampling noise only: 4 standard deviations of a binomial share around the minimum.
    const sd = Math.sqrt((minimum * (1 - minimum)) / users);
    expect(moved / users).toBeLessThan(minimum + 4 * sd);
    expect(moved / users).toBeGreaterThan(minimum - 4 * sd);
  });

  it('pausing stops the decision within one second of the job finishing', async () => {
    const sdk = await visitor();
    expect(sdk.getActiveVariant('1')).not.toBeNull();
    const versions = await engine.personalize.call<VersionBody[]>('GET', `/experiences/${SHIPPING}/versions`);
    const active = versions.find((v) => v.status === 'ACTIVE');
    await setStatus(SHIPPING, 'PAUSED', active?.uid);
    // The whole path: the sandbox's experience webhook → the mirror → the project refresh it queues on a pause → the
    // new table. The table showing the pause is the moment the job finished.
    await eventually(
      async () => {
        const t = await currentTable();
        return t !== null && row(t, SHIPPING)?.paused === true ? t : undefined;
      },
      60_000,
      'the paused experience in the served table',
    );
    await sleep(1000);
    const again = await visitor(sdk.getUserId());
    expect(again.getActiveVariant('1')).toBeNull();
    expect(again.getVariantAliases().some((a) => a.startsWith('cs_personalize_1_'))).toBe(false);
  });
});
