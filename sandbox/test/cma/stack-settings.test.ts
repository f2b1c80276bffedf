/**
 * Stack settings as `csdx cm:stacks:import` writes them (the management SDK's `stack.addSettings()`): `POST
 * /v3/stacks/settings` with `{stack_settings}` merges into each group and answers `{notice, stack_settings}`; a
 * body of another shape is refused and changes nothing; stacks do not share settings; a reset empties them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_SEED, startSandbox } from '../../src/index';
import type { RunningSandbox } from '../../src/index';

describe('stack settings over the CMA', () => {
  let sandbox: RunningSandbox;
  const cma = async (
    method: string,
    body?: unknown,
    stack: { apiKey: string; managementToken: string } = SANDBOX_SEED.demo,
  ): Promise<{ status: number; body: unknown }> => {
    const res = await fetch(`${sandbox.url}/v3/stacks/settings`, {
      method,
      headers: { api_key: stack.apiKey, authorization: stack.managementToken, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: await res.json() };
  };
  const digest = async (): Promise<string> =>
    ((await (await fetch(`${sandbox.url}/_sandbox/state-digest`)).json()) as { digest: string }).digest;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, rateLimits: { read: 1000, write: 1000 } });
  });
  afterAll(() => sandbox.close());

  it('starts with the four groups empty', async () => {
    expect(await cma('GET')).toEqual({
      status: 200,
      body: { stack_settings: { stack_variables: {}, discrete_variables: {}, live_preview: {}, rte: {} } },
    });
  });

  it('merges what is posted into each group and keeps it', async () => {
    const first = await cma('POST', {
      stack_settings: { stack_variables: { enforce_unique_urls: true }, live_preview: { enabled: false } },
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      notice: 'Stack settings updated successfully.',
      stack_settings: { stack_variables: { enforce_unique_urls: true }, live_preview: { enabled: false }, rte: {} },
    });
    await cma('POST', { stack_settings: { stack_variables: { sys_rte_allowed_tags: 'style' } } });
    expect((await cma('GET')).body).toEqual({
      stack_settings: {
        stack_variables: { enforce_unique_urls: true, sys_rte_allowed_tags: 'style' },
        discrete_variables: {},
        live_preview: { enabled: false },
        rte: {},
      },
    });
    // Another stack's settings are its own.
    expect((await cma('GET', undefined, SANDBOX_SEED.other)).body).toEqual({
      stack_settings: { stack_variables: {}, discrete_variables: {}, live_preview: {}, rte: {} },
    });
  });

  it('refuses a body without stack_settings groups, changing nothing', async () => {
    const before = await digest();
    for (const bad of [{}, { stack_settings: 'x' }, { stack_settings: { rte: 3 } }]) {
      const res = await cma('POST', bad);
      expect(res.status, JSON.stringify(bad)).toBe(422);
      expect(res.body).toMatchObject({ error_code: 119, errors: expect.any(Object) as unknown });
    }
    expect(await digest()).toBe(before);
  });

  it('is emptied by a reset', async () => {
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
    expect((await cma('GET')).body).toEqual({
      stack_settings: { stack_variables: {}, discrete_variables: {}, live_preview: {}, rte: {} },
    });
  });
});
