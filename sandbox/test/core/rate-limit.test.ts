/** The per-organization budgets: 10 writes and 10 reads per second by default, counted separately. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness } from '../cma/harness';
import type { Harness } from '../cma/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
beforeEach(async () => {
  await h.call('POST', '/_sandbox/reset');
});
afterAll(async () => {
  await h.close();
});

const write = (apiKey: string, token: string, i: number) =>
  h.call('POST', '/v3/content_types/promo_banner/entries', {
    headers: { api_key: apiKey, authorization: token },
    body: { entry: { title: `Flash sale ${i}`, message: `Offer ${i}` } },
  });

describe('rate limits', () => {
  it('answers the 11th write within a second with 429, Retry-After and X-RateLimit headers', async () => {
    const answers = await Promise.all(
      Array.from({ length: 11 }, (_, i) => write(h.creds.api_key, h.creds.management_token, i)),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([...Array<number>(10).fill(201), 429]);
    const refused = answers.find((a) => a.status === 429);
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused?.headers.get('x-ratelimit-limit')).toBe('10');
    expect(refused?.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(refused?.json).toMatchObject({ error_code: 429, errors: {} });
    const accepted = answers.find((a) => a.status === 201);
    expect(accepted?.headers.get('x-ratelimit-limit')).toBe('10');

    // Reads draw from their own budget, and another organization from its own.
    const read = await h.call('GET', '/v3/content_types', {
      headers: { api_key: h.creds.api_key, authorization: h.creds.management_token },
    });
    expect(read.status).toBe(200);
    const other = h.creds.stacks.find((s) => s.organization_uid !== h.creds.organization_uid);
    const otherWrite = await h.call('POST', '/v3/content_types', {
      headers: { api_key: other?.api_key ?? '', authorization: other?.management_token ?? '' },
      body: { content_type: { uid: 'page', title: 'Page', schema: [] } },
    });
    expect(otherWrite.status).toBe(201);
  });

  it('logs every request, the refused one included, with its organization and budget', async () => {
    const since = Date.now();
    await Promise.all(Array.from({ length: 11 }, (_, i) => write(h.creds.api_key, h.creds.management_token, i)));
    const log = await h.call('GET', `/_sandbox/requests?since=${since}`);
    const requests = (
      log.json as {
        requests: { method: string; path: string; status: number; at: number; org?: string; kind?: string }[];
      }
    ).requests;
    const writes = requests.filter((r) => r.path === '/v3/content_types/promo_banner/entries');
    expect(writes).toHaveLength(11);
    expect(writes.filter((r) => r.status === 429)).toHaveLength(1);
    expect(new Set(writes.map((r) => `${r.method} ${r.org} ${r.kind}`))).toEqual(
      new Set([`POST ${h.creds.organization_uid} write`]),
    );
    expect(writes.every((r) => r.at >= since)).toBe(true);
  });

  it('changes limits at run time through the admin API', async () => {
    const set = await h.call('PUT', '/_sandbox/rate-limits', { body: { write: 2 } });
    expect(set.json).toMatchObject({ limits: { write: 2, read: 10 } });
    const answers = await Promise.all([0, 1, 2].map((i) => write(h.creds.api_key, h.creds.management_token, i)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 429]);
    await h.call('PUT', '/_sandbox/rate-limits', { body: { write: 10 } });
  });
});
