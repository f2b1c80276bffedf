import { describe, expect, it } from 'vitest';
import { ExternalCallError } from '@pb/shared';
import { cmaContext, getJson } from './budgeted-get';

function ctxAnswering(answer: () => Response, taken: string[] = []) {
  return cmaContext({
    baseUrl: 'http://cma.invalid/v3/',
    stackApiKey: 'blt1',
    auth: { kind: 'authtoken', authtoken: 'token' },
    organizationUid: 'org',
    budget: {
      take: (org, kind) => {
        taken.push(`${org}/${kind}`);
        return Promise.resolve();
      },
    },
    timeoutMs: 1000,
    fetch: () => Promise.resolve(answer()),
  });
}

describe('budgeted GET', () => {
  it('takes a read token per call and reads 404 as absent', async () => {
    const taken: string[] = [];
    expect(
      await getJson(
        ctxAnswering(() => new Response('{}', { status: 404 }), taken),
        '/x',
      ),
    ).toBeNull();
    expect(taken).toEqual(['org/read']);
  });

  it('without waiting (queue jobs), a 429 fails at once with its Retry-After for the queue to honour', async () => {
    let calls = 0;
    const ctx = ctxAnswering(() => {
      calls += 1;
      return new Response('{}', { status: 429, headers: { 'retry-after': '7' } });
    });
    const error: unknown = await getJson(ctx, '/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalCallError);
    expect(error).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterMs: 7000 });
    expect(calls).toBe(1);
  });
});
