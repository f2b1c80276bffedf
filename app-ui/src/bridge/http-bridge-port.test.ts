import { describe, expect, it } from 'vitest';
import { fakeSdk } from '../test-support/fake-sdk';
import { createHttpBridgePort } from './http-bridge-port';

function server(routes: Record<string, (init: RequestInit | undefined) => Response>) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fetch = (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    const route = routes[new URL(url).pathname];
    return route ? Promise.resolve(route(init)) : Promise.reject(new TypeError('connection refused'));
  };
  return { fetch, calls };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('bridge port over HTTP', () => {
  it('trades the app token for a session once and sends the session as a bearer token', async () => {
    const sdk = fakeSdk({ location: 'sidebar', appToken: 'app.jwt.token', config: { server_url: 'http://srv/' } });
    const { fetch, calls } = server({
      '/api/ui/session': () => json({ session_token: 'sess_1', expires_in: 300 }),
      '/api/ui/experiences': () => json({ experiences: [] }),
    });
    const port = createHttpBridgePort(sdk, { fetch });
    expect(await port.experiences()).toEqual({ ok: true, value: [] });
    expect(await port.experiences()).toEqual({ ok: true, value: [] });
    expect(calls.map((c) => c.url)).toEqual([
      'http://srv/api/ui/session',
      'http://srv/api/ui/experiences',
      'http://srv/api/ui/experiences',
    ]);
    expect(JSON.parse(calls[0]?.init?.body as string)).toEqual({ app_token: 'app.jwt.token' });
    expect(new Headers(calls[1]?.init?.headers).get('authorization')).toBe('Bearer sess_1');
  });

  it("gives the server's reason when it refuses the app token", async () => {
    const sdk = fakeSdk({ location: 'sidebar', appToken: 'bad', config: { server_url: 'http://srv' } });
    const { fetch } = server({ '/api/ui/session': () => json({ reason: 'app-token-expired' }, 401) });
    expect(await createHttpBridgePort(sdk, { fetch }).experiences()).toEqual({
      ok: false,
      status: 401,
      reason: 'app-token-expired',
    });
  });

  it('explains a missing server URL or app token instead of calling anything', async () => {
    const { fetch, calls } = server({});
    const noUrl = fakeSdk({ location: 'sidebar', appToken: 't' });
    expect(await createHttpBridgePort(noUrl, { fetch }).experiences()).toEqual({
      ok: false,
      reason: 'The app configuration has no server URL yet.',
    });
    const noToken = fakeSdk({ location: 'sidebar', config: { server_url: 'http://srv' } });
    const answer = await createHttpBridgePort(noToken, { fetch }).experiences();
    expect(answer.ok ? '' : answer.reason).toContain('without an app token');
    expect(calls).toEqual([]);
  });

  it('reports reachability and session separately when testing the connection', async () => {
    const sdk = fakeSdk({ location: 'config' });
    const down = await createHttpBridgePort(sdk, { fetch: server({}).fetch }).testConnection('http://srv');
    expect(down).toEqual({
      ok: true,
      value: { serverReachable: false, sessionOk: false, message: 'Server not reachable: Could not reach http://srv.' },
    });
    const { fetch } = server({ '/healthz': () => json({ status: 'ok' }) });
    const up = await createHttpBridgePort(sdk, { fetch }).testConnection('http://srv');
    expect(up.ok && up.value.serverReachable && !up.value.sessionOk).toBe(true);
  });

  it('asks for coverage on the experiences page, posts "mirror now" and unwraps queue counts', async () => {
    const sdk = fakeSdk({ location: 'full_page', appToken: 't', config: { server_url: 'http://srv' } });
    const { fetch, calls } = server({
      '/api/ui/session': () => json({ session_token: 's', expires_in: 300 }),
      '/api/ui/experiences': () => json({ experiences: [], orphanedGroups: [] }),
      '/api/ui/experiences/exp_1/mirror': () => json({ queued: true }, 202),
      '/api/ui/queues': () => json({ queues: { mirror: { waiting: 1 } } }),
    });
    const port = createHttpBridgePort(sdk, { fetch });
    expect(await port.overview()).toEqual({ ok: true, value: { experiences: [], orphanedGroups: [] } });
    expect(await port.mirrorNow('exp_1')).toEqual({ ok: true, value: { queued: true } });
    expect(await port.queues()).toEqual({ ok: true, value: { mirror: { waiting: 1 } } });
    expect(calls.map((c) => `${c.init?.method ?? 'GET'} ${c.url}`)).toEqual([
      'POST http://srv/api/ui/session',
      'GET http://srv/api/ui/experiences?include=coverage',
      'POST http://srv/api/ui/experiences/exp_1/mirror',
      'GET http://srv/api/ui/queues',
    ]);
  });

  it('names the field of a results answer that does not fit', async () => {
    const sdk = fakeSdk({ location: 'full_page', appToken: 't', config: { server_url: 'http://srv' } });
    const { fetch } = server({
      '/api/ui/session': () => json({ session_token: 's', expires_in: 300 }),
      '/api/ui/experiences/exp_1/results': () =>
        json({
          experienceUid: 'exp_1',
          versionUid: 'v',
          controlShortUid: '0',
          variants: [{ shortUid: 0 }],
          metrics: [],
        }),
    });
    const answer = await createHttpBridgePort(sdk, { fetch }).results('exp_1');
    expect(answer.ok ? '' : answer.reason).toContain('variants.0.shortUid');
  });

  it("reads the results over time in the server's shape", async () => {
    const sdk = fakeSdk({ location: 'full_page', appToken: 't', config: { server_url: 'http://srv' } });
    const series = [
      { at: '2026-11-28T00:00:00Z', variants: [{ shortUid: '0', visitors: 1200, conversions: 96 }] },
      { at: '2026-11-29T00:00:00Z', variants: [{ shortUid: '0', visitors: 1300, conversions: 99 }] },
    ];
    const { fetch } = server({
      '/api/ui/session': () => json({ session_token: 's', expires_in: 300 }),
      '/api/ui/experiences/exp_1/results': () =>
        json({
          experienceUid: 'exp_1',
          shortUid: '4',
          versionUid: 'v',
          type: 'AB_TEST',
          controlShortUid: '0',
          variants: [{ shortUid: '0', visitors: 1300, impressions: 2000, trafficShare: 100 }],
          metrics: [],
          series,
        }),
    });
    const answer = await createHttpBridgePort(sdk, { fetch }).results('exp_1');
    expect(answer.ok ? answer.value.series : answer.reason).toEqual(series);
  });

  it('reads sync states it does not know yet as they are, and orphans without content types as none', async () => {
    const sdk = fakeSdk({ location: 'full_page', appToken: 't', config: { server_url: 'http://srv' } });
    const experience = {
      uid: 'e1',
      shortUid: '0',
      name: 'New',
      type: 'AB_TEST',
      status: 'ACTIVE',
      variants: [],
      mirror: { state: 'some-future-state', waitingSeconds: 3, reason: 'why', later: 'ignored' },
    };
    const { fetch } = server({
      '/api/ui/session': () => json({ session_token: 's', expires_in: 300 }),
      '/api/ui/experiences': () =>
        json({ experiences: [experience], orphanedGroups: [{ groupUid: 'g', name: 'G', experienceUid: 'x' }] }),
    });
    const port = createHttpBridgePort(sdk, { fetch });
    const overview = await port.overview();
    expect(overview.ok && overview.value.experiences[0]?.mirror).toEqual({
      state: 'some-future-state',
      waitingSeconds: 3,
      reason: 'why',
    });
    expect(overview.ok && overview.value.orphanedGroups[0]?.contentTypes).toEqual([]);
    // The sidebar's list carries the same state for the group cards.
    const list = await port.experiences();
    expect(list.ok && list.value[0]?.mirror?.state).toBe('some-future-state');
  });

  it('posts a move with exactly the two variant uids, and an unlink with no body', async () => {
    const sdk = fakeSdk({ location: 'full_page', appToken: 't', config: { server_url: 'http://srv' } });
    const { fetch, calls } = server({
      '/api/ui/session': () => json({ session_token: 's', expires_in: 300 }),
      '/api/ui/experiences/exp%201/remaps/move': () => json({ moved: [], failed: [] }),
      '/api/ui/orphaned-groups/g1/unlink': () => json({ groupUid: 'g1', experienceUid: 'x', unlinked: ['promo'] }),
    });
    const port = createHttpBridgePort(sdk, { fetch });
    expect(await port.moveEntryVariants('exp 1', { fromVariantUid: 'a', toVariantUid: 'b' })).toEqual({
      ok: true,
      value: { moved: [], failed: [] },
    });
    const move = calls[1];
    expect(move?.init?.method).toBe('POST');
    expect(JSON.parse(move?.init?.body as string)).toEqual({ fromVariantUid: 'a', toVariantUid: 'b' });
    expect(new Headers(move?.init?.headers).get('content-type')).toBe('application/json');
    expect(await port.unlinkOrphanedGroup('g1')).toEqual({ ok: true, value: { groupUid: 'g1', unlinked: ['promo'] } });
    expect(calls[2]?.init?.body).toBeUndefined();
  });
});
