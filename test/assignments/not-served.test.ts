// A project keeps being served when one experience cannot be read. A small Personalize on loopback answers the real
// routes with what the live API can hold and our sandbox cannot create: a variant targeting Lytics audiences, a
// LYTICS-sourced audience, an audience with a match condition we do not know, an experience type we do not know, and
// priority in the PUT body's `{priorityOrder}` shape. The real HTTP readers, the recompute use case and the Redis
// table store run against it; the served table (what the edge API decides from) holds every other experience, and
// the left-out ones are readable with their reasons.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { decide, toManifest } from '@pb/shared';
import { createCoverageReader, createPersonalizeReader } from '@pb/server/assignments/http-sources';
import { assignmentKeys } from '@pb/server/assignments/keys';
import { notServedReasons } from '@pb/server/assignments/not-served';
import { recomputeProject } from '@pb/server/assignments/recompute';
import { AssignmentTableReader } from '@pb/server/assignments/table-reader';
import { RedisTableStore } from '@pb/server/assignments/table-store';
import { REDIS_URL, removePrefix } from '../support/redis';

const PROJECT = 'proj_lytics';

const rule = (ref: string, condition: string, value: string) => ({
  __type: 'Rule',
  attribute: { __type: 'PresetAttributeReference', ref },
  attributeMatchCondition: condition,
  attributeMatchOptions: { __type: 'StringMatchOptions', value },
  invertCondition: false,
});
const audiences = [
  {
    uid: 'aud_mobile',
    name: 'Mobile',
    definition: {
      __type: 'RuleCombination',
      combinationType: 'AND',
      rules: [rule('DEVICE_TYPE', 'STRING_EQUALS', 'MOBILE')],
    },
    createdBy: 'blt_user',
  },
  { uid: 'aud_lytics', name: 'High intent', source: 'LYTICS', definition: null },
  {
    uid: 'aud_regex',
    name: 'Search visitors',
    definition: {
      __type: 'RuleCombination',
      combinationType: 'AND',
      rules: [rule('REFERRER', 'REGEX_MATCH', 'google')],
    },
  },
];
const experience = (uid: string, shortUid: string, type: string) => ({
  uid,
  shortUid,
  name: uid,
  __type: type,
  status: 'ACTIVE',
  latestVersion: `${uid}_v1`,
  someFieldOfTomorrow: { nested: true },
});
const segmented = (name: string, audienceUids: string[], extra: Record<string, unknown> = {}) => ({
  __type: 'SegmentedVariant',
  shortUid: '0',
  name,
  audiences: audienceUids,
  audienceCombinationType: 'OR',
  ...extra,
});
const experiences = [
  experience('exp_mobile', '0', 'SEGMENTED'),
  experience('exp_lytics', '1', 'SEGMENTED'),
  experience('exp_ab', '2', 'AB_TEST'),
  experience('exp_regex', '3', 'SEGMENTED'),
  experience('exp_bandit', '4', 'MULTI_ARMED_BANDIT'),
];
const versions: Record<string, unknown[]> = {
  exp_mobile: [{ uid: 'exp_mobile_v1', status: 'ACTIVE', variants: [segmented('Mobile', ['aud_mobile'])] }],
  exp_lytics: [
    {
      uid: 'exp_lytics_v1',
      status: 'ACTIVE',
      variants: [
        segmented('EU', [], { lyticsAudiences: ['lytics_eu'] }),
        { ...segmented('Mobile', ['aud_mobile']), shortUid: '1' },
      ],
    },
  ],
  exp_ab: [
    {
      uid: 'exp_ab_v1',
      status: 'ACTIVE',
      variants: [
        { __type: 'ABTestVariant', shortUid: '0', name: 'Control', trafficDistribution: 50 },
        { __type: 'ABTestVariant', shortUid: '1', name: 'Bold', trafficDistribution: 50 },
      ],
      metrics: [{ event: 'ev_click', name: 'Clicks', __type: 'Primary', aggregation: 'UNIQUE' }],
    },
  ],
  exp_regex: [{ uid: 'exp_regex_v1', status: 'ACTIVE', variants: [segmented('Search', ['aud_regex'])] }],
};

let server: Server;
let baseUrl: string;
let redis: Redis;
let prefix: string;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push(`${req.method ?? 'GET'} ${path} ${String(req.headers['x-project-uid'])}`);
    const versionsOf = /^\/experiences\/([^/]+)\/versions$/.exec(path);
    const body: unknown =
      path === '/experiences'
        ? experiences
        : path === '/experiences-priority'
          ? { priorityOrder: ['exp_ab', 'exp_lytics', 'exp_regex', 'exp_mobile', 'exp_bandit'] }
          : path === '/audiences'
            ? audiences
            : path === '/attributes'
              ? []
              : path === '/events'
                ? [{ uid: 'ev_click', key: 'click' }]
                : versionsOf?.[1] !== undefined
                  ? (versions[decodeURIComponent(versionsOf[1])] ?? [])
                  : undefined;
    res.statusCode = body === undefined ? 404 : 200;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body ?? { error_message: 'not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  redis = new Redis(REDIS_URL);
  prefix = `pbns${randomBytes(4).toString('hex')}`;
});

afterAll(async () => {
  await removePrefix(redis, prefix);
  redis.disconnect();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('a project with experiences the engine cannot evaluate', () => {
  it('serves every other experience, in priority order, and records why the others are left out', async () => {
    const common = {
      organizationUid: 'org_1',
      auth: { kind: 'authtoken' as const, authtoken: 'token' },
      budget: { take: () => Promise.resolve() },
      timeoutMs: 5000,
    };
    const store = new RedisTableStore(redis, assignmentKeys(prefix));
    const outcome = await recomputeProject(
      {
        personalize: createPersonalizeReader({ ...common, baseUrl, projectUid: PROJECT }),
        coverage: createCoverageReader({ ...common, baseUrl: `${baseUrl}/v3`, stackApiKey: 'blt_stack' }),
        store,
      },
      { stackApiKey: 'blt_stack', projectUid: PROJECT, refreshCoverageFor: [] },
    );
    expect(outcome.published).toBe(true);
    expect(outcome.served.map((s) => s.experienceUid)).toEqual(['exp_ab', 'exp_mobile']);
    expect(requests.every((r) => r.endsWith(PROJECT))).toBe(true);

    // The served table, as the edge API loads and decides from it: a mobile visitor gets the mobile variant.
    const served = await new AssignmentTableReader(store).get(PROJECT);
    if (served === null) throw new Error('no table published');
    const manifest = toManifest(
      decide(served.compiled, {
        context: { custom: {}, preset: { DEVICE_TYPE: 'MOBILE' } },
        userUid: 'visitor-1',
      }),
    );
    expect(manifest.experiences.map((e) => e.shortUid)).toEqual(['2', '0']);
    expect(manifest.experiences[1]).toEqual({ shortUid: '0', activeVariantShortUid: '0' });
    expect(manifest.experiences[0]?.activeVariantShortUid).toMatch(/^[01]$/);
    expect(served.stored.metrics['exp_ab']).toEqual([
      { eventUid: 'ev_click', eventKey: 'click', name: 'Clicks', primary: true },
    ]);

    const reasons = await notServedReasons(store, PROJECT);
    expect([...reasons.keys()].sort()).toEqual(['exp_bandit', 'exp_lytics', 'exp_regex']);
    expect(reasons.get('exp_lytics')).toEqual({
      experienceUid: 'exp_lytics',
      shortUid: '1',
      reason: "variant 'EU' targets Lytics audiences, which this app cannot evaluate",
    });
    expect(reasons.get('exp_regex')?.reason).toBe(
      "variant 'Search': audience 'Search visitors' uses the match condition 'REGEX_MATCH', which this app does not know",
    );
    expect(reasons.get('exp_bandit')?.reason).toBe(
      "the experience type 'MULTI_ARMED_BANDIT' is not one this app knows",
    );
  });
});
