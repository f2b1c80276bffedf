import { describe, expect, it } from 'vitest';
import { ExternalCallError } from '@pb/shared';
import { createPersonalizeReader } from './http-readers';

// The UI API's readers classify failures with the project's one error taxonomy, so the router (502 with the reason)
// and logs see the same kinds the queue layer acts on.
const noBudget = { take: () => Promise.resolve() };

function readerAnswering(answer: () => Promise<Response>) {
  return createPersonalizeReader({
    baseUrl: 'http://personalize.invalid',
    projectUid: 'p1',
    auth: { kind: 'authtoken', authtoken: 'token' },
    organizationUid: 'org',
    budget: noBudget,
    timeoutMs: 1000,
    fetch: () => answer(),
  });
}

async function failureOf(answer: () => Promise<Response>): Promise<ExternalCallError> {
  const error: unknown = await readerAnswering(answer)
    .listExperiences()
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  if (!(error instanceof ExternalCallError)) throw new Error(`expected an ExternalCallError, got ${String(error)}`);
  return error;
}

describe('UI API readers: failures', () => {
  it.each([
    [500, 'transient'],
    [503, 'transient'],
    [401, 'permanent'],
    [403, 'permanent'],
  ] as const)('HTTP %i is an ExternalCallError of kind %s', async (status, kind) => {
    const error = await failureOf(() => Promise.resolve(new Response('{}', { status })));
    expect(error).toMatchObject({ kind, service: 'personalize', status });
    expect(error.message).toContain(String(status));
  });

  it('no answer at all is transient and has no status', async () => {
    const error = await failureOf(() => Promise.reject(new TypeError('fetch failed')));
    expect(error.kind).toBe('transient');
    expect(error.status).toBeUndefined();
  });

  it('an answer that is not a list is a permanent failure that says what it expected', async () => {
    const error = await failureOf(() => Promise.resolve(Response.json({ experiences: [] })));
    expect(error.kind).toBe('permanent');
    expect(error.message).toMatch(/\(root\): expected array/);
  });

  it('an experience it cannot read is left out, and the others are listed', async () => {
    const listed = await readerAnswering(() =>
      Promise.resolve(
        Response.json([
          { uid: 7 },
          { uid: 'e1', shortUid: '0', name: 'Hero', __type: 'AB_TEST' },
          { uid: 'e2', shortUid: '1', name: 'Future', __type: 'SOMETHING_NEW' },
        ]),
      ),
    ).listExperiences();
    expect(listed.map((e) => e.uid)).toEqual(['e1']);
  });
});

describe('UI API readers: the organization rate limit', () => {
  const rateLimited = () => new Response('{}', { status: 429, headers: { 'retry-after': '0' } });

  it('waits out a 429 a few times while a person is waiting', async () => {
    let calls = 0;
    const reader = readerAnswering(() => {
      calls += 1;
      return Promise.resolve(calls < 3 ? rateLimited() : Response.json([]));
    });
    await expect(reader.listExperiences()).resolves.toEqual([]);
    expect(calls).toBe(3);
  });

  it('gives up after its tries with a rate-limited ExternalCallError', async () => {
    let calls = 0;
    const error = await failureOf(() => {
      calls += 1;
      return Promise.resolve(rateLimited());
    });
    expect(error.kind).toBe('rate-limited');
    expect(calls).toBe(4);
  });
});
