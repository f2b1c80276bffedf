/**
 * CMA writes reach a registered receiver as Contentstack-format webhooks in the pinned shapes
 * (module/event/api_key/triggered_at/data). The receiver is a real HTTP server on loopback.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness } from './harness';
import type { Harness } from './harness';

interface Received {
  module: string;
  event: string;
  api_key: string;
  triggered_at: string;
  data: Record<string, unknown>;
}

const MEMBERS = 'cs8a2d5f1c7e4b9036';

let h: Harness;
let receiver: Server;
const received: Received[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Received);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  h = await startHarness({ rateLimits: { read: 1000, write: 1000 } });
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  const registered = await h.call('POST', '/_sandbox/webhook-targets', { body: { api_key: h.creds.api_key, url } });
  expect(registered.status).toBeLessThan(300);
});
afterAll(async () => {
  await h.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

const headers = () => ({ api_key: h.creds.api_key, authorization: h.creds.management_token });
const eventsOf = (module: string) => received.filter((r) => r.module === module).map((r) => r.event);

describe('webhooks sent for CMA writes', () => {
  it('sends entry create, update, publish, unpublish and delete', async () => {
    const created = await h.call('POST', '/v3/content_types/promo_banner/entries', {
      headers: headers(),
      body: { entry: { title: 'Hook sale', message: 'Hooked' } },
    });
    const uid = String((created.json as { entry: { uid: string } }).entry.uid);
    await h.call('PUT', `/v3/content_types/promo_banner/entries/${uid}`, {
      headers: headers(),
      body: { entry: { message: 'Re-hooked' } },
    });
    await h.call('POST', `/v3/content_types/promo_banner/entries/${uid}/publish`, {
      headers: headers(),
      body: { entry: { environments: ['production'], locales: ['en-us'] }, locale: 'en-us' },
    });
    await h.call('POST', `/v3/content_types/promo_banner/entries/${uid}/unpublish`, {
      headers: headers(),
      body: { entry: { environments: ['production'], locales: ['en-us'] }, locale: 'en-us' },
    });
    await h.call('DELETE', `/v3/content_types/promo_banner/entries/${uid}`, { headers: headers() });
    await expect.poll(() => eventsOf('entry')).toEqual(['create', 'update', 'publish', 'unpublish', 'delete']);
    const update = received.find((r) => r.module === 'entry' && r.event === 'update');
    expect(update).toMatchObject({
      api_key: h.creds.api_key,
      data: {
        entry: { uid, title: 'Hook sale', locale: 'en-us', _version: 2 },
        content_type: { uid: 'promo_banner', title: 'Promo banner' },
      },
    });
    expect(Number.isNaN(Date.parse(update?.triggered_at ?? ''))).toBe(false);
    const publish = received.find((r) => r.module === 'entry' && r.event === 'publish');
    expect(publish?.data).toMatchObject({ environment: { name: 'production' }, locale: 'en-us', status: 'success' });
  });

  it('sends entry_variant create/update/delete with the variant and its group', async () => {
    const path = `/v3/content_types/promo_banner/entries/blt6c3e9a1f5d2b8047/variants/${MEMBERS}`;
    await h.call('PUT', path, { headers: headers(), body: { entry: { message: 'Members: 40% off' } } });
    await h.call('PUT', path, { headers: headers(), body: { entry: { message: 'Members: 45% off' } } });
    await h.call('DELETE', path, { headers: headers() });
    await expect.poll(() => eventsOf('entry_variant')).toEqual(['create', 'update', 'delete']);
    expect(received.find((r) => r.module === 'entry_variant')?.data).toEqual({
      entry: {
        uid: 'blt6c3e9a1f5d2b8047',
        locale: 'en-us',
        _version: 1,
        _variant: { _uid: MEMBERS, _change_set: ['message'] },
      },
      content_type: { uid: 'promo_banner' },
      variant: { uid: MEMBERS, variant_group_uid: 'cs1f4b7e2a9d6c3058' },
    });
  });

  it('sends content_type create and update', async () => {
    await h.call('POST', '/v3/content_types', {
      headers: headers(),
      body: { content_type: { uid: 'store', title: 'Store', schema: [] } },
    });
    await h.call('PUT', '/v3/content_types/store', { headers: headers(), body: { content_type: { title: 'Stores' } } });
    await expect.poll(() => eventsOf('content_type')).toEqual(['create', 'update']);
    expect(received.filter((r) => r.module === 'content_type').map((r) => r.data['content_type'])).toEqual([
      { uid: 'store', title: 'Store', schema: [] },
      { uid: 'store', title: 'Stores', schema: [] },
    ]);
  });
});
