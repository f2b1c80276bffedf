/**
 * Contract cases of the Personalize Management API, as data (contract-cases.json): every route, its
 * success shape (bare arrays for lists) and its errors. A refused request must change no state and emit
 * no webhook.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Harness } from '../apps/support/harness';
import { call, fill, personalizeSnapshot, resetPersonalize, startPersonalize } from './support/personalize-harness';

const caseSchema = z.object({
  name: z.string(),
  method: z.enum(['GET', 'POST', 'PUT', 'DELETE']),
  path: z.string(),
  auth: z.enum(['user', 'user-b', 'mgmt', 'none', 'app-manage', 'app-read', 'app-none']),
  project: z.enum(['seed', 'none', 'unknown']),
  body: z.unknown().optional(),
  rawBody: z.string().optional(),
  expect: z.object({
    status: z.number(),
    array: z.boolean().optional(),
    length: z.number().optional(),
    body: z.unknown().optional(),
    bodyHasString: z.array(z.string()).optional(),
    message: z.string().optional(),
    messageContains: z.string().optional(),
    errorPaths: z.array(z.string()).optional(),
    errorCodes: z.array(z.string()).optional(),
    errorMessageContains: z.string().optional(),
    errorShape: z.boolean().optional(),
  }),
});

const cases = z
  .array(caseSchema)
  .parse(JSON.parse(readFileSync(new URL('./contract-cases.json', import.meta.url), 'utf8')))
  .map((c) => fill(c));

const errorBody = z.object({
  statusCode: z.number(),
  error: z.string(),
  message: z.string(),
  errors: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional(),
});

describe('Personalize Management API contract', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startPersonalize();
  });
  afterAll(() => h.close());
  beforeEach(() => resetPersonalize(h));

  it('has cases for every route', () => {
    const routes = new Set(
      cases.map((c) => `${c.method} ${c.path.replace(/\?.*$/, '').replace(/[0-9a-f]{24}/g, ':uid')}`),
    );
    expect(routes.size).toBeGreaterThanOrEqual(27);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = personalizeSnapshot(h);
    const res = await call(h, c.method, c.path, {
      auth: c.auth,
      project: c.project,
      body: c.body,
      ...(c.rawBody !== undefined ? { rawBody: c.rawBody } : {}),
    });
    const e = c.expect;
    expect(res.status, JSON.stringify(res.body)).toBe(e.status);

    if (e.array === true) expect(Array.isArray(res.body)).toBe(true);
    if (e.length !== undefined) expect(res.body).toHaveLength(e.length);
    if (e.body !== undefined) expect(res.body).toMatchObject(e.body as object);
    for (const field of e.bodyHasString ?? [])
      expect(typeof (res.body as Record<string, unknown>)[field]).toBe('string');

    if (e.status >= 400) {
      const err = errorBody.parse(res.body);
      expect(err.statusCode).toBe(e.status);
      if (e.message !== undefined) expect(err.message).toBe(e.message);
      if (e.messageContains !== undefined) expect(err.message).toContain(e.messageContains);
      const paths = (err.errors ?? []).map((x) => x.path);
      for (const p of e.errorPaths ?? []) expect(paths).toContain(p);
      const codes = (err.errors ?? []).map((x) => x.code);
      for (const code of e.errorCodes ?? []) expect(codes).toContain(code);
      if (e.errorMessageContains !== undefined) {
        expect((err.errors ?? []).map((x) => x.message).join(' | ')).toContain(e.errorMessageContains);
      }
      // A refused request changes nothing and tells no one.
      expect(personalizeSnapshot(h)).toBe(before);
      expect(h.emitted.events).toHaveLength(0);
    }
  });
});
