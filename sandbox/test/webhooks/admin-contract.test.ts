/**
 * Contract cases (admin-cases.json) for the webhook admin routes, the app platform's admin and apps-api
 * routes and the well-known keys. A refused request changes no state and emits nothing.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAppPlatform } from '../../src/apps';
import { createSigningKeys } from '../../src/apps/keys';
import { createWebhookDispatcher } from '../../src/webhooks';
import type { SandboxWebhookDispatcher } from '../../src/webhooks';
import { STACK_A, USER_A, startHarness } from '../apps/support/harness';
import type { Harness } from '../apps/support/harness';

const caseSchema = z.object({
  name: z.string(),
  method: z.enum(['GET', 'POST', 'PUT', 'DELETE']),
  path: z.string(),
  status: z.number(),
  body: z.unknown().optional(),
  rawBody: z.string().optional(),
  auth: z.literal('user').optional(),
  expect: z
    .object({
      errorFields: z.array(z.string()).optional(),
      errorCode: z.number().optional(),
      body: z.unknown().optional(),
      bodyHas: z.array(z.string()).optional(),
    })
    .optional(),
});

const cases = z
  .array(caseSchema)
  .parse(
    JSON.parse(
      readFileSync(new URL('./admin-cases.json', import.meta.url), 'utf8').replaceAll('{{stackA}}', STACK_A.apiKey),
    ),
  );

const at = (value: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (cur, k) => (cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined),
      value,
    );

describe('admin, apps-api and well-known contract', () => {
  let h: Harness;
  let dispatcher: SandboxWebhookDispatcher | undefined;

  beforeAll(async () => {
    const keys = createSigningKeys();
    h = await startHarness((app, parts) => {
      dispatcher = createWebhookDispatcher({
        clock: parts.clock,
        timeScale: 0.001,
        keys,
        registerState: (p) => parts.parts.set(p.name, p),
      });
      const platform = createAppPlatform(parts.ctx, { keys, webhookTargets: dispatcher.targets });
      app.use(platform.module.mount, platform.module.router);
      app.use(platform.wellKnown);
      app.use('/_sandbox', platform.adminRouter, dispatcher.adminRouter);
    });
  });
  afterAll(async () => {
    dispatcher?.close();
    await h.close();
  });
  beforeEach(() => {
    for (const part of h.parts.values()) part.reset();
    h.emitted.events.length = 0;
  });

  const snapshot = (): string => JSON.stringify([...h.parts.values()].map((p) => [p.name, p.snapshot()]));

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = snapshot();
    const headers: Record<string, string> = c.auth === 'user' ? { authtoken: USER_A } : {};
    let body: string | undefined;
    if (c.rawBody !== undefined) body = c.rawBody;
    else if (c.body !== undefined) body = JSON.stringify(c.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${h.url}${c.path}`, {
      method: c.method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await res.text();
    const json: unknown = text === '' ? undefined : JSON.parse(text);
    expect(res.status, text).toBe(c.status);

    const e = c.expect ?? {};
    if (e.body !== undefined) expect(json).toMatchObject(e.body as object);
    for (const path of e.bodyHas ?? []) expect(at(json, path), path).toBeDefined();
    if (e.errorCode !== undefined) expect(at(json, 'error_code')).toBe(e.errorCode);
    for (const field of e.errorFields ?? []) expect(Object.keys(at(json, 'errors') ?? {})).toContain(field);

    if (c.status >= 400) {
      expect(snapshot()).toBe(before);
      expect(h.emitted.events).toHaveLength(0);
    }
  });
});
