// Verification of Contentstack's webhook signatures over the raw bytes received (never a re-serialised body).
// Pure apart from node:crypto: the key set, the secret and the clock are parameters. The RSA check runs in libuv's
// thread pool (node:crypto's callback form): it is the largest single cost of a delivery (≈ 90 µs of the HTTP
// thread's time per webhook in a profile of bench/webhook-ingest.ts on this project's machines), and off the event
// loop it runs on another core while the server goes on reading requests.
import { createHmac, timingSafeEqual, verify, constants, type KeyObject } from 'node:crypto';
import { fail, ok, type Result } from '@pb/shared';

export type SignatureFailure = 'missing-signature' | 'malformed-signature' | 'bad-signature';
export type HmacFailure = 'missing-hmac' | 'malformed-hmac' | 'bad-hmac' | 'stale-hmac';

const SIGNATURE = /^v1=([A-Za-z0-9+/=_-]+)$/;

/** RSASSA-PSS over SHA-256, any salt length, in the thread pool; an unusable key or signature is a mismatch. */
function verifiesWith(key: KeyObject, data: Uint8Array, signature: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    verify(
      'sha256',
      data,
      { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO },
      signature,
      (error, valid) => resolve(error === null && valid),
    );
  });
}

/**
 * `X-Contentstack-Request-Signature: v1=<base64 RSA-PSS SHA-256>`. Contentstack documents salt 32, but the public
 * verifier libraries do not pin the salt length, so any is accepted (`RSA_PSS_SALTLEN_AUTO` reads it from the
 * signature): pinning 32 would refuse genuine deliveries if the signer ever used another length, and the salt adds
 * nothing a forger could use. Any key of the set may have signed (rotation); the result says which one did so the
 * caller can tell "no key matched" from "matched".
 */
export async function verifyRsaSignature(
  rawBody: Uint8Array,
  header: string | undefined,
  keys: readonly KeyObject[],
): Promise<Result<{ keyIndex: number }, SignatureFailure>> {
  if (header === undefined || header.trim() === '') return fail('missing-signature');
  const match = SIGNATURE.exec(header.trim());
  if (match?.[1] === undefined) return fail('malformed-signature', 'expected v1=<base64>');
  const signature = Buffer.from(match[1], 'base64');
  if (signature.length === 0) return fail('malformed-signature', 'empty signature');
  for (const [keyIndex, key] of keys.entries()) {
    if (await verifiesWith(key, rawBody, signature)) return ok({ keyIndex });
  }
  return fail('bad-signature', `no key of ${keys.length} verifies the body`);
}

/**
 * `x-contentstack-hmac-signature: t=<unix seconds>,v1=<hex>[,v1=<hex>]` — HMAC-SHA256 of `${t}.${rawBody}`. Any
 * listed v1 may match (secret rotation). `t` must lie within ±tolerance of now: a captured request cannot be replayed.
 */
export function verifyHmacSignature(
  rawBody: Uint8Array,
  header: string | undefined,
  secret: string,
  nowMs: number,
  toleranceSeconds: number,
): Result<{ timestamp: number }, HmacFailure> {
  if (header === undefined || header.trim() === '') return fail('missing-hmac');
  let timestamp: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(',')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === 't' && value !== undefined && /^\d+$/.test(value)) timestamp = Number(value);
    else if (name === 'v1' && value !== undefined && /^[0-9a-fA-F]{64}$/.test(value))
      candidates.push(value.toLowerCase());
  }
  if (timestamp === undefined || candidates.length === 0) return fail('malformed-hmac', 'expected t=<unix>,v1=<hex>');
  if (Math.abs(nowMs / 1000 - timestamp) > toleranceSeconds) {
    return fail('stale-hmac', `timestamp is outside ±${toleranceSeconds}s`);
  }
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
  const matches = candidates.some((hex) => {
    const given = Buffer.from(hex, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? ok({ timestamp }) : fail('bad-hmac');
}

export type OptionalHmacFailure = Exclude<HmacFailure, 'missing-hmac'>;

/**
 * The HMAC policy for Contentstack webhooks: each webhook is signed one way (certificate or HMAC) and nothing
 * documents HMAC on Developer Hub app webhooks, so a configured secret is checked only when the delivery carries
 * `x-contentstack-hmac-signature`, and its absence is never a failure (the RSA signature, checked first, still
 * vouches). Requiring it would let an admin lock their own stack out. A header that is present must verify.
 */
export function verifyHmacIfPresent(
  rawBody: Uint8Array,
  header: string | undefined,
  secret: string,
  nowMs: number,
  toleranceSeconds: number,
): Result<{ checked: boolean }, OptionalHmacFailure> {
  if (header === undefined || header.trim() === '') return ok({ checked: false });
  const hmac = verifyHmacSignature(rawBody, header, secret, nowMs, toleranceSeconds);
  if (hmac.ok) return ok({ checked: true });
  // A present header never yields 'missing-hmac'; the narrowing keeps that impossible case out of callers' types.
  const reason: OptionalHmacFailure = hmac.reason === 'missing-hmac' ? 'malformed-hmac' : hmac.reason;
  return fail(reason, hmac.detail);
}

/** Constant-time check of `Authorization: Basic ...` against the configured user and password. */
export function verifyBasicAuth(header: string | undefined, user: string, password: string): boolean {
  if (header?.startsWith('Basic ') !== true) return false;
  const given = Buffer.from(header.slice(6).trim(), 'base64');
  const wanted = Buffer.from(`${user}:${password}`);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
