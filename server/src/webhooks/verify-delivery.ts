// Everything that decides whether a webhook delivery is genuine and well-formed, in the order that keeps a forger
// from learning anything: credentials first (401), then the body's shape (400), then its freshness (401).
import type { KeyObject } from 'node:crypto';
import { parseWebhook, type WebhookEnvelope } from '@pb/shared';
import { verifyBasicAuth, verifyHmacIfPresent, verifyRsaSignature, type OptionalHmacFailure } from './signature';
import type { PublicKeySource } from './public-keys';

export type RejectionReason =
  | 'bad-basic-auth'
  | 'missing-signature'
  | 'malformed-signature'
  | 'bad-signature'
  | 'keys-unavailable'
  | 'malformed-hmac'
  | 'bad-hmac'
  | 'stale-hmac'
  | 'malformed-json'
  | 'unknown-shape'
  | 'stale-event';

export type Verdict =
  | { ok: true; envelope: WebhookEnvelope }
  | { ok: false; status: 400 | 401 | 503; reason: RejectionReason; detail?: string };

export interface VerifyOptions {
  keys: PublicKeySource;
  /**
   * The deployment-wide HMAC secret (WEBHOOK_HMAC_SECRET), checked only on deliveries that carry the HMAC header
   * (see `verifyHmacIfPresent`); a stack's own secret is checked by `verifyStackHmac`.
   */
  hmac?: { secret: string; toleranceSeconds: number };
  /** How far a stack-secret HMAC timestamp may be from now (WEBHOOK_HMAC_TOLERANCE_SECONDS). */
  hmacToleranceSeconds?: number;
  basicAuth?: { user: string; password: string };
  freshnessSeconds: number;
  /** How far in the future `triggered_at` may be (clock skew between Contentstack and us). */
  futureSkewSeconds?: number;
  now?: () => number;
}

export interface DeliveryHeaders {
  signature: string | undefined;
  hmac: string | undefined;
  authorization: string | undefined;
}

export async function verifyDelivery(
  rawBody: Uint8Array,
  headers: DeliveryHeaders,
  options: VerifyOptions,
): Promise<Verdict> {
  const now = (options.now ?? Date.now)();
  if (options.basicAuth !== undefined) {
    if (!verifyBasicAuth(headers.authorization, options.basicAuth.user, options.basicAuth.password)) {
      return { ok: false, status: 401, reason: 'bad-basic-auth' };
    }
  }

  let keys: readonly KeyObject[];
  try {
    keys = await options.keys.current();
  } catch {
    // Without keys nothing can be verified; 503 makes Contentstack retry once the key server is back.
    return { ok: false, status: 503, reason: 'keys-unavailable' };
  }
  let signature = await verifyRsaSignature(rawBody, headers.signature, keys);
  if (!signature.ok && signature.reason === 'bad-signature' && (await options.keys.refresh())) {
    // A key we have not seen: the set may have rotated since we cached it.
    signature = await verifyRsaSignature(rawBody, headers.signature, await options.keys.current());
  }
  if (!signature.ok) return { ok: false, status: 401, reason: signature.reason };

  if (options.hmac !== undefined) {
    const hmac = verifyHmacIfPresent(rawBody, headers.hmac, options.hmac.secret, now, options.hmac.toleranceSeconds);
    if (!hmac.ok) return { ok: false, status: 401, reason: hmac.reason };
  }

  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(rawBody).toString('utf8'));
  } catch {
    // The parser's message quotes the body; neither the answer nor the log may carry payload text.
    return { ok: false, status: 400, reason: 'malformed-json', detail: 'the body is not valid JSON' };
  }
  const parsed = parseWebhook(json);
  if (!parsed.ok) return { ok: false, status: 400, reason: 'unknown-shape', detail: parsed.detail };

  const triggeredAt = Date.parse(parsed.value.triggered_at);
  const ageSeconds = (now - triggeredAt) / 1000;
  if (ageSeconds > options.freshnessSeconds || ageSeconds < -(options.futureSkewSeconds ?? 300)) {
    return { ok: false, status: 401, reason: 'stale-event', detail: `triggered_at is ${Math.round(ageSeconds)}s old` };
  }
  return { ok: true, envelope: parsed.value };
}

/**
 * The check of a stack whose admin configured their organization's HMAC secret: a delivery that carries
 * `x-contentstack-hmac-signature` must verify with it; one without it passes on its RSA signature (app webhooks are
 * certificate-signed, and each webhook signs one way only). The ingest applies it once the body has named the stack.
 */
export function verifyStackHmac(
  rawBody: Uint8Array,
  header: string | undefined,
  secret: string,
  options: Pick<VerifyOptions, 'hmacToleranceSeconds' | 'now'>,
): { ok: true } | { ok: false; reason: OptionalHmacFailure } {
  const now = (options.now ?? Date.now)();
  const hmac = verifyHmacIfPresent(rawBody, header, secret, now, options.hmacToleranceSeconds ?? 300);
  return hmac.ok ? { ok: true } : { ok: false, reason: hmac.reason };
}
