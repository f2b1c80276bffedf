// The webhook endpoint's security: only genuine, fresh, well-formed deliveries are queued, and garbage never takes
// the server down. Each refusal is checked against the queue itself (nothing queued), not only the status code.
// The RSA signature is always required; the HMAC (WEBHOOK_HMAC_SECRET here) only binds deliveries that carry its
// header, because each Contentstack webhook signs one way and app webhooks are certificate-signed.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { HttpRuntime } from '@pb/server/http-runtime';
import { hmacSignature, newSigningKey, rsaSignature, type KeyServer, type SigningKey } from '../support/signing';
import { entryEvent } from '../support/webhook-events';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { queuePrefix } from '@pb/server/queue/names';

const HMAC_SECRET = 'test-hmac-secret';
let receiver: WebhookReceiver;
let http: HttpRuntime;
let redis: Redis;
let keys: KeyServer;
let signing: SigningKey;
let queues: Queue[];

beforeAll(async () => {
  receiver = await startWebhookReceiver({
    prefixStem: 'pbsec',
    env: {
      WEBHOOK_HMAC_SECRET: HMAC_SECRET,
      PUBLIC_KEYS_MIN_REFRESH_SECONDS: '0',
      // The stack the deliveries name is served (here configured by the operator): other stacks' events are refused.
      CONTENTSTACK_API_KEY: 'blt_stack',
      CONTENTSTACK_AUTHTOKEN: 'unused',
      CONTENTSTACK_ORG_UID: 'org1',
      PERSONALIZE_PROJECT_UID: 'proj1',
    },
  });
  ({ http, redis, keys, signing } = receiver);
  queues = ['mirror', 'webhook-events'].map(
    (name) => new Queue(name, { connection: redis, prefix: queuePrefix(receiver.prefix, name) }),
  );
});

afterAll(async () => {
  for (const queue of queues) {
    await queue.obliterate({ force: true });
    await queue.close();
  }
  await receiver.stop();
});

beforeEach(async () => {
  for (const queue of queues) await queue.obliterate({ force: true });
});

async function queued(): Promise<number> {
  let total = 0;
  for (const queue of queues) {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed');
    total += Object.values(counts).reduce((a, b) => a + b, 0);
  }
  return total;
}

function signedHeaders(
  body: Buffer,
  key: SigningKey = signing,
  at = Math.floor(Date.now() / 1000),
  hmacSecret = HMAC_SECRET,
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-contentstack-request-signature': rsaSignature(body, key),
    'x-contentstack-hmac-signature': hmacSignature(body, hmacSecret, at),
  };
}

/** Signed the way a Developer Hub app webhook is: the certificate only, no HMAC header. */
function rsaOnlyHeaders(body: Buffer, saltLength = 32): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-contentstack-request-signature': rsaSignature(body, signing, saltLength),
  };
}

async function post(body: Buffer, headers: Record<string, string>): Promise<Response> {
  return fetch(`${http.url}/webhooks/contentstack`, { method: 'POST', headers, body: new Uint8Array(body) });
}

function eventBody(entryUid = `blt${randomBytes(3).toString('hex')}`, triggeredAt?: Date): Buffer {
  return Buffer.from(
    JSON.stringify(entryEvent('blt_stack', entryUid, triggeredAt === undefined ? {} : { triggeredAt })),
  );
}

describe('webhook verification', () => {
  it('accepts a genuine delivery with 202 and queues one event', async () => {
    const body = eventBody();
    const response = await post(body, signedHeaders(body));
    expect(response.status).toBe(202);
    expect(await queued()).toBe(1);
  });

  it('accepts a delivery without the HMAC header on its RSA signature: the HMAC secret is never required', async () => {
    const body = eventBody();
    const response = await post(body, rsaOnlyHeaders(body));
    expect(response.status).toBe(202);
    expect(await queued()).toBe(1);
  });

  it.each([0, 222])('accepts an RSA-PSS signature with salt length %i (any salt length verifies)', async (salt) => {
    const body = eventBody();
    expect((await post(body, rsaOnlyHeaders(body, salt))).status).toBe(202);
    expect(await queued()).toBe(1);
  });

  it('refuses an experience delivery like any unknown module (400, nothing queued): Personalize sends none', async () => {
    const body = Buffer.from(
      JSON.stringify({
        module: 'experience',
        api_key: 'blt_stack',
        event: 'activate',
        triggered_at: new Date().toISOString(),
        data: {
          project_uid: 'proj1',
          experience: { uid: 'exp1', short_uid: '0' },
          version: { uid: 'v1', status: 'ACTIVE' },
        },
      }),
    );
    const response = await post(body, signedHeaders(body));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'bad-request',
      reason: 'unknown-shape: module: experience is not handled',
    });
    expect(await queued()).toBe(0);
  });

  it('acknowledges a duplicate delivery and queues nothing new', async () => {
    const body = eventBody();
    expect((await post(body, signedHeaders(body))).status).toBe(202);
    const again = await post(body, signedHeaders(body));
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ status: 'duplicate' });
    expect(await queued()).toBe(1);
  });

  const refusals: [string, (body: Buffer) => { body: Buffer; headers: Record<string, string> }][] = [
    [
      'a changed byte',
      (body: Buffer) => ({
        body: Buffer.from(body.toString().replace('Hero banner', 'Hero bannes')),
        headers: signedHeaders(body),
      }),
    ],
    ['a wrong key', (body: Buffer) => ({ body, headers: signedHeaders(body, newSigningKey()) })],
    [
      'a missing signature header',
      (body: Buffer) => {
        const headers = signedHeaders(body);
        delete headers['x-contentstack-request-signature'];
        return { body, headers };
      },
    ],
    [
      'a missing signature header even without an HMAC header',
      (body: Buffer) => {
        const headers = rsaOnlyHeaders(body);
        delete headers['x-contentstack-request-signature'];
        return { body, headers };
      },
    ],
    [
      'an HMAC header made with another secret',
      (body: Buffer) => ({
        body,
        headers: signedHeaders(body, signing, Math.floor(Date.now() / 1000), 'another-secret'),
      }),
    ],
    [
      'a malformed HMAC header',
      (body: Buffer) => ({ body, headers: { ...rsaOnlyHeaders(body), 'x-contentstack-hmac-signature': 'v1=abc' } }),
    ],
    [
      'a stale HMAC timestamp',
      (body: Buffer) => ({ body, headers: signedHeaders(body, signing, Math.floor(Date.now() / 1000) - 301) }),
    ],
    [
      'a stale event (triggered_at older than the freshness window)',
      () => {
        const body = eventBody(undefined, new Date(Date.now() - 16 * 60_000));
        return { body, headers: signedHeaders(body) };
      },
    ],
  ];
  it.each(refusals)('refuses %s with 401 and queues nothing', async (_name, make) => {
    const { body, headers } = make(eventBody());
    const response = await post(body, headers);
    expect(response.status).toBe(401);
    expect(await queued()).toBe(0);
  });

  it("admits a delivery as old as Contentstack's last retry (about 13 minutes)", async () => {
    const body = eventBody(undefined, new Date(Date.now() - 13 * 60_000));
    expect((await post(body, signedHeaders(body))).status).toBe(202);
  });

  it('accepts a rotated key after refreshing the key set on an unknown key', async () => {
    const rotated = newSigningKey();
    keys.set({ 'signing-key': signing.publicPem, 'signing-key-2': rotated.publicPem });
    const body = eventBody();
    const response = await post(body, signedHeaders(body, rotated));
    expect(response.status).toBe(202);
    expect(await queued()).toBe(1);
  });

  it('answers 413 for bodies over 1 MB and 400 with a reason for malformed JSON or an unknown shape', async () => {
    const big = Buffer.alloc(1024 * 1024 + 10, 'a');
    expect((await post(big, signedHeaders(big))).status).toBe(413);
    const notJson = Buffer.from('{"module":');
    const bad = await post(notJson, signedHeaders(notJson));
    expect(bad.status).toBe(400);
    const badBody = (await bad.json()) as { error: string; reason: string };
    expect(badBody.error).toBe('bad-request');
    expect(badBody.reason).toMatch(/^malformed-json/);
    const unknown = Buffer.from(
      JSON.stringify({
        module: 'entry',
        api_key: 'k',
        event: 'explode',
        triggered_at: new Date().toISOString(),
        data: {},
      }),
    );
    const shape = await post(unknown, signedHeaders(unknown));
    expect(shape.status).toBe(400);
    const shapeBody = (await shape.json()) as { error: string; reason: string };
    expect(shapeBody.error).toBe('bad-request');
    expect(shapeBody.reason).toMatch(/^unknown-shape: .*event/);
    expect(await queued()).toBe(0);
  });

  it('answers 1,000 random malformed bodies with 4xx and stays up', async () => {
    const statuses = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const kind = i % 4;
      const body =
        kind === 0
          ? randomBytes(1 + (i % 200))
          : kind === 1
            ? Buffer.from(
                JSON.stringify({
                  module: ['entry', 'experience', 'asset', 7][i % 4],
                  api_key: i,
                  data: randomBytes(8).toString('hex'),
                }),
              )
            : kind === 2
              ? Buffer.from(JSON.stringify([i, null, { triggered_at: 'yesterday' }]))
              : Buffer.from(`{"module":"experience","data":${'['.repeat(i % 50)}`);
      // Half signed (reaching the parser), half unsigned (stopped at the signature).
      const headers = i % 2 === 0 ? signedHeaders(body) : { 'content-type': 'application/octet-stream' };
      const response = await post(body, headers);
      statuses.add(response.status);
      await response.arrayBuffer();
    }
    expect([...statuses].every((s) => s >= 400 && s < 500)).toBe(true);
    expect(await queued()).toBe(0);
    expect((await fetch(`${http.url}/healthz`)).status).toBe(200);
  });
});
