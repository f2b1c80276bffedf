import { constants, createHmac, timingSafeEqual, verify } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSigningKeys } from '../../src/apps/keys';
import { createWellKnownRouter } from '../../src/apps/well-known-router';
import { createWebhookDispatcher } from '../../src/webhooks';
import type { SandboxWebhookDispatcher } from '../../src/webhooks';
import { STACK_A, TestClock, jsonOf, startHarness, startReceiver } from '../apps/support/harness';
import type { Harness, Receiver } from '../apps/support/harness';

const verifyPss = (body: Buffer, pem: string, header: string): boolean => {
  const sig = Buffer.from(header.replace(/^v1=/, ''), 'base64');
  return verify('sha256', body, { key: pem, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, sig);
};

describe('webhook signatures', () => {
  let h: Harness;
  let receiver: Receiver;
  let dispatcher: SandboxWebhookDispatcher;
  const keys = createSigningKeys();

  beforeEach(async () => {
    receiver = await startReceiver();
    h = await startHarness((app, parts) => {
      dispatcher = createWebhookDispatcher({
        clock: new TestClock(),
        timeScale: 0.001,
        keys,
        registerState: (p) => parts.parts.set(p.name, p),
      });
      app.use(createWellKnownRouter(keys));
      app.use('/_sandbox', dispatcher.adminRouter);
    });
  });

  afterEach(async () => {
    dispatcher.close();
    await h.close();
    await receiver.close();
  });

  const register = async (extra: Record<string, unknown> = {}): Promise<Response> =>
    fetch(`${h.url}/_sandbox/webhook-targets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: STACK_A.apiKey, url: receiver.url, ...extra }),
    });

  const publicKey = async (name = 'signing-key'): Promise<string> => {
    const doc = (await jsonOf(await fetch(`${h.url}/.well-known/public-keys.json`))) as Record<string, string>;
    const pem = doc[name];
    if (pem === undefined) throw new Error(`no ${name} in the key document`);
    return pem;
  };

  it('signs the exact bytes with RSA-PSS; the served key verifies them and a changed byte fails', async () => {
    expect((await register()).status).toBe(201);
    dispatcher.emit({
      stackApiKey: STACK_A.apiKey,
      module: 'entry',
      event: 'update',
      data: { entry: { uid: 'blt1', locale: 'en-us', _version: 2 }, content_type: { uid: 'hero' } },
    });
    await dispatcher.drain();

    expect(receiver.received).toHaveLength(1);
    const [first] = receiver.received;
    if (first === undefined) throw new Error('nothing received');
    const header = first.headers['x-contentstack-request-signature'];
    expect(typeof header).toBe('string');
    expect(first.headers['content-type']).toBe('application/json');
    expect(first.headers['user-agent']).toBe('Contentstack');

    const pem = await publicKey();
    expect(verifyPss(first.body, pem, String(header))).toBe(true);
    const tampered = Buffer.from(first.body);
    tampered[10] = (tampered[10] ?? 0) ^ 0x01;
    expect(verifyPss(tampered, pem, String(header))).toBe(false);

    const body = JSON.parse(first.body.toString('utf8')) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['api_key', 'data', 'event', 'module', 'triggered_at']);
    expect(body).toMatchObject({ module: 'entry', event: 'update', api_key: STACK_A.apiKey });
    expect(new Date(String(body['triggered_at'])).toISOString()).toBe(body['triggered_at']);
  });

  it('adds the HMAC header over `${t}.${body}` when the target has a secret', async () => {
    expect((await register({ hmac_secret: 'whsec_test' })).status).toBe(201);
    dispatcher.emit({
      stackApiKey: STACK_A.apiKey,
      module: 'content_type',
      event: 'create',
      data: { content_type: { uid: 'hero', title: 'Hero' } },
    });
    await dispatcher.drain();
    const [first] = receiver.received;
    if (first === undefined) throw new Error('nothing received');
    const header = String(first.headers['x-contentstack-hmac-signature']);
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
    expect(match).not.toBeNull();
    const [, t, mac] = match ?? [];
    const expected = createHmac('sha256', 'whsec_test').update(`${t}.`).update(first.body).digest();
    expect(timingSafeEqual(expected, Buffer.from(mac ?? '', 'hex'))).toBe(true);
    const wrong = createHmac('sha256', 'other-secret').update(`${t}.`).update(first.body).digest();
    expect(timingSafeEqual(wrong, Buffer.from(mac ?? '', 'hex'))).toBe(false);
  });

  it('sends nothing to other stacks and lists the secret only as a flag', async () => {
    await register({ hmac_secret: 'whsec_hidden' });
    dispatcher.emit({ stackApiKey: 'blt_some_other_stack', module: 'entry', event: 'delete', data: {} });
    await dispatcher.drain();
    expect(receiver.received).toHaveLength(0);
    const listed = await jsonOf(await fetch(`${h.url}/_sandbox/webhook-targets`));
    expect(JSON.stringify(listed)).not.toContain('whsec_hidden');
    expect(listed).toMatchObject({ targets: [{ api_key: STACK_A.apiKey, url: receiver.url, hmac: true }] });
  });

  it('after a key rotation signs with the new key and still publishes the old one as signing-key-1', async () => {
    const before = await publicKey();
    keys.rotate();
    await register();
    dispatcher.emit({ stackApiKey: STACK_A.apiKey, module: 'entry', event: 'publish', data: {} });
    await dispatcher.drain();
    const [first] = receiver.received;
    if (first === undefined) throw new Error('nothing received');
    const header = String(first.headers['x-contentstack-request-signature']);
    expect(await publicKey('signing-key-1')).toBe(before);
    expect(verifyPss(first.body, await publicKey(), header)).toBe(true);
    expect(verifyPss(first.body, before, header)).toBe(false);
  });
});
