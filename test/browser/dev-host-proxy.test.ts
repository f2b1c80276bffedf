/**
 * The dev host's CMA proxy (no browser needed): it forwards only CMA paths, adds the credentials itself, and
 * never lets the caller choose them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack } from './harness';
import type { Stack } from './harness';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

const proxy = async (body: unknown) => {
  const response = await fetch(`${stack.hostUrl}/host-api/cma`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

/** The names of the variant groups in a proxied list answer (the seed has the hand-made group and Personalize's). */
const groupNames = (body: Record<string, unknown>): string[] =>
  ((body['data'] as { variant_groups?: { name: string }[] } | undefined)?.variant_groups ?? []).map((g) => g.name);

describe('dev host CMA proxy', () => {
  it('answers a CMA call axios-style with the sandbox status and body', async () => {
    const answer = await proxy({
      url: 'https://api.contentstack.io/v3/variant_groups?include_variant_info=true',
      method: 'GET',
    });
    expect(answer.status).toBe(200);
    expect(answer.body['status']).toBe(200);
    expect(groupNames(answer.body)).toContain('Loyalty members');
  });

  it('passes CMA errors through as answers (the SDK rejects status >= 400 itself)', async () => {
    const answer = await proxy({ url: '/v3/content_types/nope', method: 'GET' });
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe(422); // the CMA's answer for a uid that is "not valid"
    expect(answer.body.data).toHaveProperty('error_message');
  });

  it('refuses paths outside the CMA and ignores credentials sent by the caller', async () => {
    expect((await proxy({ url: '/_sandbox/credentials', method: 'GET' })).status).toBe(400);
    const forged = await proxy({
      url: '/v3/variant_groups',
      method: 'GET',
      headers: { authorization: 'forged', api_key: 'blt1d6b9e3f7a2c4058' },
    });
    // The other stack has no groups: had the forged api_key been forwarded, the list would be empty.
    expect(forged.body['status']).toBe(200);
    expect(groupNames(forged.body)).toContain('Loyalty members');
  });

  it('serves the host page scripts transpiled, with extensions on relative imports', async () => {
    const script = await (await fetch(`${stack.hostUrl}/host/host-page.js`)).text();
    expect(script).toContain("from './post-robot-wire.js'");
    expect(script).not.toContain('import type');
    expect((await fetch(`${stack.hostUrl}/host/..%2Fserver.js`)).status).toBe(404);
  });
});
