/**
 * The contract of every CMA, delivery and admin route, as data (contract-cases.json): status, error
 * shape and error field for failures, top-level keys for successes. A refused request must leave the
 * sandbox's state exactly as it was.
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startHarness } from './harness';
import type { Harness } from './harness';

const caseSchema = z.object({
  name: z.string(),
  method: z.enum(['GET', 'POST', 'PUT', 'DELETE']),
  path: z.string().startsWith('/'),
  auth: z.enum([
    'mgmt',
    'authtoken',
    'none',
    'no-key',
    'bad-key',
    'bad-token',
    'bad-authtoken',
    'bad-bearer',
    'other-stack-token',
    'cdn',
    'cdn-no-token',
    'cdn-mgmt-token',
    'cdn-bad-key',
    'admin',
  ]),
  status: z.number().int(),
  body: z.unknown().optional(),
  rawBody: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  errorKey: z.string().optional(),
  errorCode: z.number().int().optional(),
  bodyHas: z.array(z.string()).optional(),
});
type Case = z.infer<typeof caseSchema>;

const file = z
  .object({ cases: z.array(caseSchema) })
  .parse(JSON.parse(readFileSync(new URL('./contract-cases.json', import.meta.url), 'utf8')));

const errorShape = z.object({
  error_message: z.string().min(1),
  error_code: z.number().int(),
  errors: z.record(z.string(), z.array(z.string())),
});

let h: Harness;

const authHeaders = (auth: Case['auth']): Record<string, string> => {
  const { api_key: key, management_token: mgmt, authtoken, delivery_token: cdn, stacks } = h.creds;
  const other = stacks.find((s) => s.api_key !== key);
  switch (auth) {
    case 'mgmt':
      return { api_key: key, authorization: mgmt };
    case 'authtoken':
      return { api_key: key, authtoken };
    case 'none':
      return { api_key: key };
    case 'no-key':
      return { authorization: mgmt };
    case 'bad-key':
      return { api_key: 'blt0000000000000000', authorization: mgmt };
    case 'bad-token':
      return { api_key: key, authorization: 'cs00000000000000000000000000000000' };
    case 'bad-authtoken':
      return { api_key: key, authtoken: 'blt0000000000000000' };
    case 'bad-bearer':
      return { api_key: key, authorization: 'Bearer not-a-token' };
    case 'other-stack-token':
      return { api_key: key, authorization: other?.management_token ?? '' };
    case 'cdn':
      return { api_key: key, access_token: cdn };
    case 'cdn-no-token':
      return { api_key: key };
    case 'cdn-mgmt-token':
      return { api_key: key, access_token: mgmt };
    case 'cdn-bad-key':
      return { api_key: 'blt0000000000000000', access_token: cdn };
    case 'admin':
      return {};
  }
};

beforeAll(async () => {
  h = await startHarness({ rateLimits: { read: 10_000, write: 10_000 } });
});
afterEach(async () => {
  await h.call('POST', '/_sandbox/reset');
});
afterAll(async () => {
  await h.close();
});

describe('CMA, delivery and admin contract', () => {
  it('covers at least 60 cases', () => {
    expect(file.cases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(file.cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = await h.digest();
    const body = c.rawBody ?? (c.body === undefined ? undefined : JSON.stringify(c.body));
    const answer = await h.call(c.method, c.path, {
      headers: {
        ...authHeaders(c.auth),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...c.headers,
      },
      ...(body === undefined ? {} : { body }),
    });
    expect(answer.status, JSON.stringify(answer.json)).toBe(c.status);
    if (c.status >= 400) {
      const error = errorShape.parse(answer.json);
      if (c.errorKey !== undefined) expect(Object.keys(error.errors)).toContain(c.errorKey);
      if (c.errorCode !== undefined) expect(error.error_code).toBe(c.errorCode);
      expect(await h.digest(), 'a refused request changed state').toBe(before);
    } else {
      const json = z.record(z.string(), z.unknown()).parse(answer.json);
      for (const key of c.bodyHas ?? []) expect(json).toHaveProperty(key);
    }
  });
});
