// The ingest story with in-memory ports: which deliveries are refused (and then queue nothing), which are applied,
// queued or recognised as duplicates; and the stack's own HMAC secret, checked on the delivery's raw bytes.
import { createHmac } from 'node:crypto';
import { parseWebhook, type WebhookEnvelope } from '@pb/shared';
import { describe, expect, it } from 'vitest';
import { ingestDelivery, type StackAdmission } from './ingest';
import { verifyStackHmac } from './verify-delivery';

const now = 1_800_000_000_000;
const t = now / 1000;
const SECRET = 'organization-hmac-secret-0123456789';

function delivery(json: Record<string, unknown>): { raw: Buffer; envelope: WebhookEnvelope } {
  const full = { api_key: 'blt_stack', triggered_at: new Date(now).toISOString(), ...json };
  const parsed = parseWebhook(full);
  if (!parsed.ok) throw new Error(parsed.detail);
  return { raw: Buffer.from(JSON.stringify(full)), envelope: parsed.value };
}

const contentType = delivery({
  module: 'content_type',
  event: 'update',
  data: { content_type: { uid: 'promo_banner', title: 'Promo banner' } },
});
const lifecycleUpdate = delivery({
  module: 'app_installation',
  event: 'update',
  data: {
    app_installation: {
      app_uid: 'app_1',
      installation_uid: 'inst_1',
      organization_uid: 'org_1',
      target: { type: 'stack', uid: 'blt_stack' },
    },
  },
});
const mac = (raw: Buffer, key = SECRET) =>
  `t=${t},v1=${createHmac('sha256', key).update(`${t}.`).update(raw).digest('hex')}`;
const options = { hmacToleranceSeconds: 300, now: () => now };

function ports(admission: StackAdmission) {
  const seen = new Set<string>();
  const queued: string[] = [];
  const jobs = new Set<string>();
  const applied: string[] = [];
  return {
    queued,
    applied,
    deps: (raw: Buffer, header: string | undefined) => ({
      ledger: {
        seen: (stack: string, key: string) => Promise.resolve(seen.has(`${stack}/${key}`)),
        remember: (stack: string, key: string) => Promise.resolve(void seen.add(`${stack}/${key}`)),
      },
      queues: {
        // As the events queue deduplicates: one job per idempotency key.
        enqueueEvent: (key: string, e: WebhookEnvelope) => {
          if (jobs.has(key)) return Promise.resolve('duplicate' as const);
          jobs.add(key);
          queued.push(e.module);
          return Promise.resolve('queued' as const);
        },
      },
      stacks: {
        admission: () => Promise.resolve(admission),
        applyLifecycle: (e: { event: string }) => {
          applied.push(e.event);
          return Promise.resolve({ ok: true as const, outcome: 'updated' });
        },
      },
      signedWith: (secret: string) => verifyStackHmac(raw, header, secret, options),
    }),
  };
}

describe('ingestDelivery', () => {
  it('refuses an event of a stack that is not installed, and queues nothing', async () => {
    const p = ports({ accepted: false });
    const result = await ingestDelivery(contentType.envelope, p.deps(contentType.raw, undefined));
    expect(result).toEqual({ ok: false, status: 403, reason: 'stack-not-installed' });
    expect(p.queued).toEqual([]);
  });

  it('queues an event of an installed stack once, and answers its repeat as a duplicate', async () => {
    const p = ports({ accepted: true });
    const deps = p.deps(contentType.raw, undefined);
    expect(await ingestDelivery(contentType.envelope, deps)).toEqual({ ok: true, outcome: 'queued' });
    expect(await ingestDelivery(contentType.envelope, deps)).toEqual({ ok: true, outcome: 'duplicate' });
    expect(p.queued).toEqual(['content_type']);
  });

  it("with the stack's HMAC secret: refuses a wrong, stale or foreign HMAC header (queuing nothing), accepts a matching one", async () => {
    const p = ports({ accepted: true, hmacSecret: SECRET });
    const { raw, envelope } = contentType;
    expect(await ingestDelivery(envelope, p.deps(raw, mac(raw, 'another-organization')))).toEqual({
      ok: false,
      status: 401,
      reason: 'bad-hmac',
    });
    const otherBytes = Buffer.from(raw.toString().replace('Promo banner', 'Promo banneR'));
    expect(await ingestDelivery(envelope, p.deps(raw, mac(otherBytes)))).toMatchObject({
      ok: false,
      reason: 'bad-hmac',
    });
    const stale = `t=${t - 301},v1=${createHmac('sha256', SECRET)
      .update(`${t - 301}.`)
      .update(raw)
      .digest('hex')}`;
    expect(await ingestDelivery(envelope, p.deps(raw, stale))).toEqual({
      ok: false,
      status: 401,
      reason: 'stale-hmac',
    });
    expect(await ingestDelivery(envelope, p.deps(raw, 'v1=abc'))).toEqual({
      ok: false,
      status: 401,
      reason: 'malformed-hmac',
    });
    expect(p.queued).toEqual([]);
    expect(await ingestDelivery(envelope, p.deps(raw, mac(raw)))).toEqual({ ok: true, outcome: 'queued' });
    expect(p.queued).toEqual(['content_type']);
  });

  it("with the stack's HMAC secret: accepts a delivery without the HMAC header (app webhooks are certificate-signed)", async () => {
    const p = ports({ accepted: true, hmacSecret: SECRET });
    const { raw, envelope } = contentType;
    expect(await ingestDelivery(envelope, p.deps(raw, undefined))).toEqual({ ok: true, outcome: 'queued' });
    expect(await ingestDelivery(envelope, p.deps(raw, ''))).toEqual({ ok: true, outcome: 'duplicate' });
    expect(p.queued).toEqual(['content_type']);
  });

  it('refuses a wrongly signed repeat of a delivery already accepted, instead of calling it a duplicate', async () => {
    const p = ports({ accepted: true, hmacSecret: SECRET });
    const { raw, envelope } = contentType;
    await ingestDelivery(envelope, p.deps(raw, mac(raw)));
    expect(await ingestDelivery(envelope, p.deps(raw, mac(raw, 'forged')))).toMatchObject({ ok: false, status: 401 });
  });

  it("applies a lifecycle event without the stack's secret: the update that corrects a wrong one must get through", async () => {
    const p = ports({ accepted: true, hmacSecret: SECRET });
    const { raw, envelope } = lifecycleUpdate;
    expect(await ingestDelivery(envelope, p.deps(raw, mac(raw, 'the-old-wrong-secret')))).toEqual({
      ok: true,
      outcome: 'updated',
    });
    expect(p.applied).toEqual(['update']);
  });
});
