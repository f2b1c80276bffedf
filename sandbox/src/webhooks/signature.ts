/**
 * The two signatures Contentstack puts on a webhook, computed over the exact bytes sent.
 * RSA-PSS is the default (`X-Contentstack-Request-Signature: v1=<base64>`); HMAC is the optional
 * per-organization secret (`x-contentstack-hmac-signature: t=<unix>,v1=<hex>` over `${t}.${body}`).
 */
import { createHmac } from 'node:crypto';
import type { SigningKeys } from '../apps/keys';

export const SIGNATURE_HEADER = 'X-Contentstack-Request-Signature';
export const HMAC_HEADER = 'x-contentstack-hmac-signature';

export function rsaSignatureHeader(keys: SigningKeys, body: Buffer): string {
  return `v1=${keys.signBody(body)}`;
}

export function hmacSignatureHeader(secret: string, unixSeconds: number, body: Buffer): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.`).update(body).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}
