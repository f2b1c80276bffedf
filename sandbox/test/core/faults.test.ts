/** Every fault kind of the run-time fault plan, seen from a client. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness } from '../cma/harness';
import type { Harness } from '../cma/harness';

let h: Harness;
beforeAll(async () => {
  // hangMs short so a hung socket is dropped soon after the client has given up.
  h = await startHarness({ rateLimits: { read: 1000, write: 1000 }, hangMs: 1500 });
});
beforeEach(async () => {
  await h.call('POST', '/_sandbox/reset');
});
afterAll(async () => {
  await h.close();
});

const auth = (): Record<string, string> => ({ api_key: h.creds.api_key, authorization: h.creds.management_token });
const faults = (rules: unknown[]) => h.call('PUT', '/_sandbox/faults', { body: { rules } });
const listTypes = () => h.call('GET', '/v3/content_types', { headers: auth() });

describe('fault plan', () => {
  it('injects 429 with Retry-After on matching requests only', async () => {
    await faults([{ kind: '429', match: { method: 'GET', pathPrefix: '/v3/content_types' }, retryAfterSec: 7 }]);
    const refused = await listTypes();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('7');
    expect(refused.json).toMatchObject({ error_code: 429 });
    const other = await h.call('GET', '/v3/variant_groups', { headers: auth() });
    expect(other.status).toBe(200);
  });

  it('plays a scripted sequence of 500, 502, 503 then lets requests through', async () => {
    await faults([{ kind: '500', sequence: ['500', 'ok', '502', '503'] }]);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await listTypes()).status);
    expect(statuses).toEqual([500, 200, 502, 503, 200]);
    const plan = await h.call('GET', '/_sandbox/faults');
    expect(plan.json).toMatchObject({ rules: [{ consumed: 4 }] });
  });

  it('fires by probability: 0 never, 1 always', async () => {
    await faults([{ kind: '503', probability: 0 }]);
    expect((await listTypes()).status).toBe(200);
    await faults([{ kind: '503', probability: 1 }]);
    expect((await listTypes()).status).toBe(503);
    await h.call('DELETE', '/_sandbox/faults');
    expect((await listTypes()).status).toBe(200);
  });

  it('adds latency: a client with a short timeout gives up, a patient one gets the answer', async () => {
    await faults([{ kind: 'latency', latencyMs: 1500, sequence: ['latency', 'latency'] }]);
    const impatient = fetch(`${h.sandbox.url}/v3/content_types`, { headers: auth(), signal: AbortSignal.timeout(100) });
    await expect(impatient).rejects.toThrow(/abort|timeout/i);
    const patient = await listTypes();
    expect(patient.status).toBe(200);
  });

  it('hangs past the client timeout, then drops the socket', async () => {
    const since = Date.now();
    await faults([{ kind: 'hang', sequence: ['hang'] }]);
    const hung = fetch(`${h.sandbox.url}/v3/content_types`, { headers: auth(), signal: AbortSignal.timeout(200) });
    await expect(hung).rejects.toThrow(/abort|timeout/i);
    // The log records the request with status 0: it was never answered.
    await expect
      .poll(async () => {
        const log = (await h.call('GET', `/_sandbox/requests?since=${since}`)).json as {
          requests: { path: string; status: number }[];
        };
        return log.requests.filter((r) => r.path === '/v3/content_types').map((r) => r.status);
      })
      .toEqual([0]);
    expect((await listTypes()).status).toBe(200);
  });

  it('commit-then-504: the write lands but the client is told it failed', async () => {
    await faults([{ kind: 'commit-then-504', match: { method: 'POST' }, sequence: ['commit-then-504'] }]);
    const answer = await h.call('POST', '/v3/content_types/promo_banner/entries', {
      headers: auth(),
      body: { entry: { title: 'Ghost sale', message: 'Did it save?' } },
    });
    expect(answer.status).toBe(504);
    expect(answer.json).toMatchObject({ error_code: 504 });
    const query = encodeURIComponent(JSON.stringify({ title: 'Ghost sale' }));
    const found = await h.call('GET', `/v3/content_types/promo_banner/entries?query=${query}&include_count=true`, {
      headers: auth(),
    });
    expect(found.json).toMatchObject({ count: 1 });
  });
});
