/**
 * The entry-list query language as data (query-cases.json), through raw HTTP on both lists that speak it: the CDA's
 * `/cdn/v3/content_types/product/entries` and the CMA's `/v3/content_types/product/entries`. The same case must
 * select the same products on both; every refusal names its operator, on both, and changes nothing.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileQuery } from '../../src/query/evaluate';
import { QueryError } from '../../src/query/query-error';
import { record, startHarness } from '../cma/harness';
import type { Harness } from '../cma/harness';

const fileSchema = z.object({
  products: z.record(z.string(), z.string()),
  cases: z.array(
    z.object({
      name: z.string(),
      query: z.record(z.string(), z.unknown()).optional(),
      params: z.record(z.string(), z.string()).optional(),
      expected: z.array(z.string()),
      ordered: z.boolean().optional(),
      count: z.number().optional(),
    }),
  ),
  refusals: z.array(
    z.object({
      name: z.string(),
      query: z.record(z.string(), z.unknown()).optional(),
      raw: z.string().optional(),
      operator: z.string(),
      parameter: z.string().optional(),
    }),
  ),
});
const data = fileSchema.parse(JSON.parse(readFileSync(new URL('./query-cases.json', import.meta.url), 'utf8')));
const uidOf = (name: string): string => {
  const uid = data.products[name];
  if (uid === undefined) throw new Error(`query-cases.json names an unknown product '${name}'`);
  return uid;
};

type Api = 'cda' | 'cma';
const APIS: Api[] = ['cda', 'cma'];

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ rateLimits: { read: 10_000, write: 10_000 } });
});
afterAll(async () => {
  await h.close();
});

const get = (api: Api, search: string) => {
  const path =
    api === 'cda'
      ? `/cdn/v3/content_types/product/entries?environment=production&${search}`
      : `/v3/content_types/product/entries?${search}`;
  const headers =
    api === 'cda'
      ? { api_key: h.creds.api_key, access_token: h.creds.delivery_token }
      : { api_key: h.creds.api_key, authorization: h.creds.management_token };
  return h.call('GET', path, { headers });
};

const searchOf = (query: Record<string, unknown> | undefined, params: Record<string, string> = {}): string =>
  new URLSearchParams({
    ...(query === undefined ? {} : { query: JSON.stringify(query) }),
    ...params,
    include_count: 'true',
  }).toString();

const entriesOf = (json: unknown): Record<string, unknown>[] =>
  z.array(z.record(z.string(), z.unknown())).parse(record(json)['entries']);

describe.each(APIS)('query cases through the %s', (api) => {
  it.each(data.cases)('$name', async (c) => {
    const answer = await get(api, searchOf(c.query, c.params));
    expect(answer.status).toBe(200);
    const uids = entriesOf(answer.json).map((e) => e['uid']);
    const expected = c.expected.map(uidOf);
    if (c.ordered === true) expect(uids).toEqual(expected);
    else expect([...uids].sort()).toEqual([...expected].sort());
    expect(record(answer.json)['count']).toBe(c.count ?? expected.length);
  });

  it.each(data.refusals)('refuses $name, naming $operator', async (c) => {
    const before = await h.digest();
    const answer = await get(api, c.raw ?? searchOf(c.query));
    expect(answer.status).toBe(api === 'cda' ? 400 : 422);
    const body = record(answer.json);
    expect(body['error_message']).toEqual(expect.stringContaining(c.operator));
    expect(body['error_code']).toEqual(expect.any(Number));
    expect(record(body['errors'])[c.parameter ?? 'query']).toEqual([body['error_message']]);
    expect(await h.digest()).toBe(before);
  });
});

describe('the evaluator alone', () => {
  it.each(data.refusals.filter((c) => c.query !== undefined))('refuses $name before seeing any entry', (c) => {
    let caught: unknown;
    try {
      compileQuery(c.query);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(QueryError);
    expect((caught as QueryError).operator).toBe(c.operator);
  });
});
