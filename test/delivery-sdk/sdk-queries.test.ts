/**
 * The sandbox's Delivery API driven by the official delivery SDK, as a website would: the query cases of
 * sdk-cases.json (filters, sorting, projections, counts, paging) against the seeded products, then variants,
 * locales and content types. Unsupported operators (which the SDK's builders can express, or a site can pass raw)
 * are refused through raw HTTP with a message naming them.
 */
import { readFileSync } from 'node:fs';
import contentstack, { QueryOperation } from '@contentstack/delivery-sdk';
import type { Query, Stack } from '@contentstack/delivery-sdk';
import { startSandbox } from '@pb/sandbox';
import type { RunningSandbox } from '@pb/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

const json = z.union([z.string(), z.number(), z.boolean(), z.array(z.unknown()), z.record(z.string(), z.unknown())]);
const step = z.tuple([z.string()]).rest(json);
type Step = z.infer<typeof step>;
const fileSchema = z.object({
  products: z.record(z.string(), z.string()),
  cases: z.array(
    z.object({
      name: z.string(),
      entry: z.array(step),
      query: z.array(step).optional(),
      expected: z.array(z.string()),
      ordered: z.boolean().optional(),
      count: z.number().optional(),
      fields: z.array(z.string()).optional(),
      absent: z.array(z.string()).optional(),
      present: z.array(z.string()).optional(),
    }),
  ),
  refusals: z.array(z.object({ name: z.string(), query: z.record(z.string(), z.unknown()), operator: z.string() })),
});
const data = fileSchema.parse(JSON.parse(readFileSync(new URL('./sdk-cases.json', import.meta.url), 'utf8')));
const uidOf = (name: string): string => {
  const uid = data.products[name];
  if (uid === undefined) throw new Error(`sdk-cases.json names an unknown product '${name}'`);
  return uid;
};

const credentialsSchema = z.object({ api_key: z.string(), delivery_token: z.string() });
const BANNER = 'blt2f7a4c8e1d6b9053';
const MEMBERS = 'cs8a2d5f1c7e4b9036';

let sandbox: RunningSandbox;
let creds: z.infer<typeof credentialsSchema>;
let stack: Stack;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  creds = credentialsSchema.parse(await (await fetch(`${sandbox.url}/_sandbox/credentials`)).json());
  const port = Number(new URL(sandbox.url).port);
  // The SDK builds `http://<host>:<port><basePath>/v3` itself; the sandbox serves the CDA under /cdn/v3.
  stack = contentstack.stack({
    apiKey: creds.api_key,
    deliveryToken: creds.delivery_token,
    environment: 'production',
    host: '127.0.0.1',
    port,
    insecure: true,
    basePath: '/cdn',
  });
});
afterAll(async () => {
  await sandbox.close();
});

const str = (v: unknown, what: string): string => {
  if (typeof v !== 'string') throw new Error(`${what}: expected a string, got ${JSON.stringify(v)}`);
  return v;
};
const num = (v: unknown, what: string): number => {
  if (typeof v !== 'number') throw new Error(`${what}: expected a number, got ${JSON.stringify(v)}`);
  return v;
};
const scalar = (v: unknown, what: string): string | number => (typeof v === 'number' ? v : str(v, what));
const scalars = (v: unknown, what: string): (string | number | boolean)[] =>
  z.array(z.union([z.string(), z.number(), z.boolean()])).parse(v, { error: () => `${what}: expected a list` });
const operation = (name: unknown): QueryOperation => {
  const key = str(name, 'QueryOperation');
  const op = (QueryOperation as Record<string, QueryOperation | undefined>)[key];
  if (op === undefined) throw new Error(`unknown QueryOperation '${key}'`);
  return op;
};

type Entries = ReturnType<ReturnType<Stack['contentType']>['entry']>;

/** Entry-level steps: projections, branch, locale, variants, and the base-query steps Entries also has. */
const applyEntryStep = (entries: Entries, [method, ...args]: Step): Entries => {
  switch (method) {
    case 'only':
      return entries.only(Array.isArray(args[0]) ? scalars(args[0], 'only').map(String) : str(args[0], 'only'));
    case 'except':
      return entries.except(Array.isArray(args[0]) ? scalars(args[0], 'except').map(String) : str(args[0], 'except'));
    case 'includeBranch':
      return entries.includeBranch();
    case 'orderByDescending':
      entries.orderByDescending(str(args[0], method));
      return entries;
    case 'orderByAscending':
      entries.orderByAscending(str(args[0], method));
      return entries;
    default:
      throw new Error(`sdk-cases.json: no entry step '${method}'`);
  }
};

const subQuery = (steps: unknown): Query =>
  z
    .array(step)
    .parse(steps)
    .reduce((q, s) => applyQueryStep(q, s), stack.contentType('product').entry().query());

const applyQueryStep = (q: Query, [method, ...args]: Step): Query => {
  const [a, b, c, d] = args;
  switch (method) {
    case 'where':
      return q.where(
        str(a, method),
        operation(b),
        Array.isArray(c) ? z.union([z.array(z.string()), z.array(z.number())]).parse(c) : scalar(c, method),
        d === undefined ? undefined : z.record(z.string(), z.unknown()).parse(d),
      );
    case 'equalTo':
      return q.equalTo(str(a, method), scalar(b, method));
    case 'notEqualTo':
      return q.notEqualTo(str(a, method), scalar(b, method));
    case 'greaterThan':
      return q.greaterThan(str(a, method), scalar(b, method));
    case 'greaterThanOrEqualTo':
      return q.greaterThanOrEqualTo(str(a, method), scalar(b, method));
    case 'lessThan':
      return q.lessThan(str(a, method), scalar(b, method));
    case 'lessThanOrEqualTo':
      return q.lessThanOrEqualTo(str(a, method), scalar(b, method));
    case 'containedIn':
      return q.containedIn(str(a, method), scalars(b, method));
    case 'notContainedIn':
      return q.notContainedIn(str(a, method), scalars(b, method));
    case 'exists':
      return q.exists(str(a, method));
    case 'notExists':
      return q.notExists(str(a, method));
    case 'regex':
      return q.regex(str(a, method), str(b, method), c === undefined ? undefined : str(c, method));
    case 'or':
      return q.or(...args.map(subQuery));
    case 'and':
      return q.and(...args.map(subQuery));
    case 'orderByAscending':
      return q.orderByAscending(str(a, method));
    case 'orderByDescending':
      return q.orderByDescending(str(a, method));
    case 'includeCount':
      return q.includeCount();
    case 'skip':
      return q.skip(num(a, method));
    case 'limit':
      return q.limit(num(a, method));
    default:
      throw new Error(`sdk-cases.json: no query step '${method}'`);
  }
};

const answerSchema = z.object({ entries: z.array(z.record(z.string(), z.unknown())), count: z.number().optional() });

describe('queries through the official delivery SDK', () => {
  it.each(data.cases)('$name', async (c) => {
    const entries = c.entry.reduce(applyEntryStep, stack.contentType('product').entry());
    const raw: unknown =
      c.query === undefined ? await entries.find() : await c.query.reduce(applyQueryStep, entries.query()).find();
    const answer = answerSchema.parse(raw);
    const uids = answer.entries.map((e) => e['uid']);
    const expected = c.expected.map(uidOf);
    if (c.ordered === true) expect(uids).toEqual(expected);
    else expect([...uids].sort()).toEqual([...expected].sort());
    if (c.count !== undefined) expect(answer.count).toBe(c.count);
    for (const entry of answer.entries) {
      if (c.fields !== undefined) expect(Object.keys(entry).sort()).toEqual([...c.fields].sort());
      for (const key of c.absent ?? []) expect(entry).not.toHaveProperty(key);
      for (const key of c.present ?? []) expect(entry).toHaveProperty(key);
    }
  });
});

describe('variants, locales and content types through the SDK', () => {
  it('.variants() on a list and on one entry lays the published variant over the base', async () => {
    const list = answerSchema.parse(
      await stack.contentType('promo_banner').entry().variants(MEMBERS).query().equalTo('uid', BANNER).find(),
    );
    expect(list.entries.map((e) => e['message'])).toEqual(['Members: free express shipping on every order']);
    const one = z
      .record(z.string(), z.unknown())
      .parse(await stack.contentType('promo_banner').entry(BANNER).variants([MEMBERS, 'nobody']).fetch());
    expect(one['message']).toBe('Members: free express shipping on every order');
    const plain = z
      .record(z.string(), z.unknown())
      .parse(await stack.contentType('promo_banner').entry(BANNER).fetch());
    expect(plain['message']).toBe('Free shipping on orders over €50');
  });

  it('a query on a variant-only value finds the entry only through that variant', async () => {
    const withVariant = answerSchema.parse(
      await stack.contentType('promo_banner').entry().variants(MEMBERS).query().regex('message', '^Members').find(),
    );
    expect(withVariant.entries.map((e) => e['uid'])).toEqual([BANNER]);
    const without = answerSchema.parse(
      await stack.contentType('promo_banner').entry().query().regex('message', '^Members').find(),
    );
    expect(without.entries).toEqual([]);
  });

  it('.locale() answers the localized published version', async () => {
    const fr = answerSchema.parse(await stack.contentType('promo_banner').entry().locale('fr-fr').find());
    expect(fr.entries.map((e) => [e['uid'], e['locale'], e['message']])).toEqual([
      [BANNER, 'fr-fr', 'Livraison offerte dès 50 €'],
    ]);
    const en = answerSchema.parse(await stack.contentType('promo_banner').entry().locale('en-us').find());
    expect(en.entries.map((e) => e['locale'])).toEqual(['en-us']);
  });

  it('fetches content types', async () => {
    const product = z.object({ uid: z.string(), title: z.string() }).parse(await stack.contentType('product').fetch());
    expect(product).toEqual({ uid: 'product', title: 'Product' });
    const all = z
      .object({ content_types: z.array(z.object({ uid: z.string() })) })
      .parse(await stack.contentType().find());
    expect(all.content_types.map((t) => t.uid).sort()).toEqual(['home_hero', 'product', 'promo_banner']);
  });
});

describe('unsupported operators are refused, named', () => {
  it.each(data.refusals)('$name', async (c) => {
    const url = new URL(`${sandbox.url}/cdn/v3/content_types/product/entries`);
    url.searchParams.set('environment', 'production');
    url.searchParams.set('query', JSON.stringify(c.query));
    const res = await fetch(url, { headers: { api_key: creds.api_key, access_token: creds.delivery_token } });
    expect(res.status).toBe(400);
    const body = z
      .object({ error_message: z.string(), error_code: z.number(), errors: z.object({ query: z.array(z.string()) }) })
      .parse(await res.json());
    expect(body.error_message).toContain(c.operator);
    expect(body.errors.query).toEqual([body.error_message]);
  });

  it('the SDK sees the refusal as an error, not as an empty or unfiltered list', async () => {
    const query = stack.contentType('product').entry().query().where('price', QueryOperation.EQUALS, 1);
    query.getQuery()['price'] = { $elemMatch: { $gt: 1 } };
    await expect(query.find()).rejects.toThrow(/\$elemMatch/);
  });
});
