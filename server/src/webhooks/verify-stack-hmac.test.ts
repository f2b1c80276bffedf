import { createHmac } from 'node:crypto';
import { parseWebhook, type WebhookEnvelope } from '@pb/shared';
import { describe, expect, it } from 'vitest';
import { verifyStackHmac } from './verify-delivery';

const now = 1_800_000_000_000;
const t = now / 1000;
const secret = 'organization-hmac-secret-0123456789';

function envelope(json: unknown): { raw: Buffer; envelope: WebhookEnvelope } {
  const parsed = parseWebhook(json);
  if (!parsed.ok) throw new Error(parsed.detail);
  return { raw: Buffer.from(JSON.stringify(json)), envelope: parsed.value };
}

const contentType = envelope({
  module: 'content_type',
  event: 'update',
  api_key: 'blt_stack',
  triggered_at: new Date(now).toISOString(),
  data: { content_type: { uid: 'promo_banner', title: 'Promo banner' } },
});
const update = envelope({
  module: 'app_installation',
  event: 'update',
  api_key: 'blt_stack',
  triggered_at: new Date(now).toISOString(),
  data: {
    app_installation: {
      app_uid: 'app_1',
      installation_uid: 'inst_1',
      organization_uid: 'org_1',
      target: { type: 'stack', uid: 'blt_stack' },
    },
  },
});
const mac = (raw: Buffer, key = secret) =>
  `t=${t},v1=${createHmac('sha256', key).update(`${t}.`).update(raw).digest('hex')}`;
const options = { hmacToleranceSeconds: 300, now: () => now };

describe("verifyStackHmac: a stack's own HMAC secret", () => {
  it('lets everything through for a stack without a secret', () => {
    expect(verifyStackHmac(contentType.raw, contentType.envelope, undefined, undefined, options).ok).toBe(true);
  });

  it('accepts an event signed with the secret, and refuses it unsigned or signed with another', () => {
    const { raw, envelope: e } = contentType;
    expect(verifyStackHmac(raw, e, mac(raw), secret, options).ok).toBe(true);
    expect(verifyStackHmac(raw, e, undefined, secret, options)).toMatchObject({
      ok: false,
      status: 401,
      reason: 'missing-hmac',
    });
    expect(verifyStackHmac(raw, e, mac(raw, 'another-secret'), secret, options)).toMatchObject({
      ok: false,
      status: 401,
      reason: 'bad-hmac',
    });
  });

  it('refuses a signature made for other bytes', () => {
    const other = Buffer.from(contentType.raw.toString().replace('Promo banner', 'Promo banneR'));
    expect(verifyStackHmac(contentType.raw, contentType.envelope, mac(other), secret, options)).toMatchObject({
      ok: false,
      reason: 'bad-hmac',
    });
  });

  it('never refuses a lifecycle event: the update carrying a corrected secret must get through', () => {
    expect(verifyStackHmac(update.raw, update.envelope, undefined, secret, options).ok).toBe(true);
    expect(verifyStackHmac(update.raw, update.envelope, mac(update.raw, 'old-wrong-secret'), secret, options).ok).toBe(
      true,
    );
  });
});
