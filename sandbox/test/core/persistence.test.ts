/** Optional persistence: a state file written after writes, read back at the next start; reset returns to the seed. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startHarness } from '../cma/harness';

const dir = mkdtempSync(join(tmpdir(), 'sandbox-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('state file', () => {
  it('keeps a variant group across restarts, and reset brings the seed back', async () => {
    const stateFile = join(dir, 'state.json');
    const first = await startHarness({ stateFile });
    const headers = { api_key: first.creds.api_key, authorization: first.creds.management_token };
    const created = await first.call('POST', '/v3/variant_groups', {
      headers,
      body: { uid: 'csrestart', name: 'Survives restarts', content_types: ['product'] },
    });
    expect(created.status).toBe(201);
    await first.close();

    const second = await startHarness({ stateFile });
    const group = await second.call('GET', '/v3/variant_groups/csrestart', { headers });
    expect(group.json).toMatchObject({
      name: 'Survives restarts',
      content_types: [{ uid: 'product', status: 'linked' }],
    });
    await second.call('POST', '/_sandbox/reset');
    expect((await second.call('GET', '/v3/variant_groups/csrestart', { headers })).status).toBe(404);
    await second.close();

    const third = await startHarness({ stateFile });
    expect((await third.call('GET', '/v3/variant_groups/csrestart', { headers })).status).toBe(404);
    await third.close();
  });

  it('starts without content when seed is false', async () => {
    const empty = await startHarness({ seed: false });
    const list = await empty.call('GET', '/v3/content_types?include_count=true', {
      headers: { api_key: empty.creds.api_key, authorization: empty.creds.management_token },
    });
    expect(list.json).toEqual({ content_types: [], count: 0 });
    await empty.close();
  });
});
