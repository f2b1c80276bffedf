// The edge router over real HTTP and Redis, without the SDK: CORS, user uid issue, bad input, unknown projects,
// attribute storage with a TTL, merge, and event attribution. (test/assignments drives it with the official SDK.)
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateRanges } from '@pb/shared';
import { emptyTable } from '@pb/shared';
import { createDecisionServices, USER_ATTRIBUTES_TTL_SECONDS, type DecisionServices } from './decision-services';
import { createEdgeRouter } from './router';
import { userAttributesKey } from './user-attributes';
import { MAX_ATTRIBUTE_NAMES } from './attribute-dictionary';
import cases from './bad-requests.cases.json' with { type: 'json' };
import { REDIS_URL, removePrefix } from '@pb/test/support/redis';

const prefix = `pbtest${randomBytes(4).toString('hex')}`;
const PROJECT = 'proj1';
const EMPTY_PROJECT = 'proj2';
let redis: Redis;
let services: DecisionServices;
let server: Server;
let base = '';

beforeAll(async () => {
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  services = createDecisionServices(redis, {
    prefix,
    refreshMs: 0,
    installations: {
      list: () =>
        Promise.resolve([
          {
            stackApiKey: 's',
            organizationUid: 'o',
            projectUid: EMPTY_PROJECT,
            auth: { kind: 'authtoken', authtoken: 't' },
          },
        ]),
      forStack: () => Promise.resolve(undefined),
    },
  });
  const content = emptyTable(PROJECT, 'stack');
  content.table.experiences.push({
    experienceUid: 'exp-ab',
    shortUid: '4',
    versionUid: 'ver1',
    targeting: { audiences: [], combinationType: 'OR' },
    type: 'AB_TEST',
    seed: 'exp-ab',
    ranges: allocateRanges(null, [
      { variantShortUid: '0', weight: 50 },
      { variantShortUid: '1', weight: 50 },
    ]),
    variants: [
      { shortUid: '0', trafficShare: 50, cms: null },
      { shortUid: '1', trafficShare: 50, cms: null },
    ],
  });
  await services.store.publish(null, content);
  const app = express();
  app.use('/edge', createEdgeRouter({ ...services.edgeDeps, newUserUid: () => 'issued-uid' }));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/edge`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await removePrefix(redis, prefix);
  redis.disconnect();
});

interface Case {
  name: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  field: string;
}

describe('edge router', () => {
  it.each(cases as Case[])('400 names the field: $name', async (c) => {
    const headers = Object.fromEntries(Object.entries(c.headers).map(([k, v]) => [k, v.replace('PROJECT', PROJECT)]));
    const response = await fetch(`${base}${c.path}`, {
      method: c.method,
      headers,
      ...(c.body === undefined ? {} : { body: c.body }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { field: string; reason: string };
    expect(body.field).toBe(c.field);
    expect(body.reason.startsWith(c.field)).toBe(true);
  });

  it('answers the CORS preflight and exposes the user uid header', async () => {
    const preflight = await fetch(`${base}/manifest`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-headers': 'x-project-uid' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('X-CS-Personalize-User-Uid');
    const manifest = await fetch(`${base}/manifest`, { headers: { 'x-project-uid': PROJECT } });
    expect(manifest.headers.get('access-control-expose-headers')).toBe('X-CS-Personalize-User-Uid');
  });

  it('issues a user uid when none is sent and echoes the one sent', async () => {
    const issued = await fetch(`${base}/manifest`, { headers: { 'x-project-uid': PROJECT } });
    expect(issued.headers.get('x-cs-personalize-user-uid')).toBe('issued-uid');
    const body = (await issued.json()) as { experiences: { shortUid: string; activeVariantShortUid: string | null }[] };
    expect(body.experiences).toHaveLength(1);
    expect(['0', '1']).toContain(body.experiences[0]?.activeVariantShortUid);
    const sent = await fetch(`${base}/manifest`, {
      headers: { 'x-project-uid': PROJECT, 'x-cs-personalize-user-uid': 'known-user' },
    });
    expect(sent.headers.get('x-cs-personalize-user-uid')).toBe('known-user');
  });

  it('404s an unknown project with the SDK error body; a known project without a table gets no experiences', async () => {
    const unknown = await fetch(`${base}/manifest`, { headers: { 'x-project-uid': 'someone-else' } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'personalize.MANIFEST.PROJECT_NOT_FOUND' });
    const empty = await fetch(`${base}/manifest`, { headers: { 'x-project-uid': EMPTY_PROJECT } });
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual({ experiences: [] });
  });

  it('stores attributes with a TTL, forgets nulls, and merges one user into another', async () => {
    const patch = (user: string, body: unknown) =>
      fetch(`${base}/user-attributes`, {
        method: 'PATCH',
        headers: { 'x-project-uid': PROJECT, 'x-cs-personalize-user-uid': user },
        body: JSON.stringify(body),
      });
    expect((await patch('anon', { tier: 'gold', ltv: 900, opted: true })).status).toBe(204);
    expect((await patch('anon', { opted: null })).status).toBe(204);
    expect(await services.users.get(PROJECT, 'anon')).toEqual({ tier: 'gold', ltv: 900 });
    const ttl = await redis.ttl(userAttributesKey(prefix, PROJECT, 'anon'));
    expect(ttl).toBeGreaterThan(USER_ATTRIBUTES_TTL_SECONDS - 60);
    await patch('known', { tier: 'silver', city: 'Berlin' });
    const merged = await fetch(`${base}/user-attributes/actions/merge`, {
      method: 'POST',
      headers: { 'x-project-uid': PROJECT },
      body: JSON.stringify({ sourceUserUid: 'anon', targetUserUid: 'known' }),
    });
    expect(merged.status).toBe(204);
    expect(await services.users.get(PROJECT, 'known')).toEqual({ tier: 'gold', ltv: 900, city: 'Berlin' });
  });

  it(`answers 400 naming the attribute beyond the project's ${MAX_ATTRIBUTE_NAMES} distinct names`, async () => {
    const patch = (body: unknown) =>
      fetch(`${base}/user-attributes`, {
        method: 'PATCH',
        headers: { 'x-project-uid': EMPTY_PROJECT, 'x-cs-personalize-user-uid': 'crowded' },
        body: JSON.stringify(body),
      });
    for (let start = 0; start < MAX_ATTRIBUTE_NAMES; start += 100) {
      const names = Array.from({ length: 100 }, (_, i) => [`name_${start + i}`, start + i]);
      expect((await patch(Object.fromEntries(names))).status).toBe(204);
    }
    const refused = await patch({ name_0: 'known', one_more: true });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      error: 'personalize.BAD_REQUEST',
      reason: `body.one_more: the project already stores ${MAX_ATTRIBUTE_NAMES} distinct attribute keys; 'one_more' is not one`,
      field: 'body.one_more',
    });
    expect((await services.users.get(EMPTY_PROJECT, 'crowded'))['name_0']).toBe(0);
  });

  it('attributes impressions to the served version and ignores experiences it does not serve', async () => {
    const response = await fetch(`${base}/events`, {
      method: 'POST',
      headers: { 'x-project-uid': PROJECT, 'x-cs-personalize-user-uid': 'viewer' },
      body: JSON.stringify([
        { type: 'IMPRESSION', experienceShortUid: '4', variantShortUid: '1' },
        { type: 'IMPRESSION', experienceShortUid: '9', variantShortUid: '0' },
        { type: 'EVENT', eventKey: 'purchase' },
      ]),
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 2, ignored: 1 });
    const counters = await services.events.counters(PROJECT, '4', 'ver1');
    expect(counters.get('1')).toEqual({ visitors: 1, impressions: 1, conversions: { purchase: 1 } });
  });
});
