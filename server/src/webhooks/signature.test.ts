import { createHmac, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newSigningKey, rsaSignature } from '@pb/test/support/signing';
import { verifyBasicAuth, verifyHmacIfPresent, verifyHmacSignature, verifyRsaSignature } from './signature';

const one = newSigningKey();
const two = newSigningKey();
const body = Buffer.from('{"module":"entry"}');
const pss = (data: Buffer, key = one, saltLength = 32) => rsaSignature(data, key, saltLength);
/** The largest PSS salt for a 2048-bit key and SHA-256: modulus bytes − hash bytes − 2. */
const MAX_SALT = 2048 / 8 - 32 - 2;

describe('verifyRsaSignature', () => {
  it('accepts a signature by any key of the set (rotation) and says which', async () => {
    expect(await verifyRsaSignature(body, pss(body, two), [one.publicKey, two.publicKey])).toEqual({
      ok: true,
      value: { keyIndex: 1 },
    });
  });

  // Contentstack documents salt 32; verifier libraries do not pin it, so neither do we.
  it.each([32, 0, MAX_SALT])('accepts a PSS signature with salt length %i', async (saltLength) => {
    expect(await verifyRsaSignature(body, pss(body, one, saltLength), [one.publicKey])).toEqual({
      ok: true,
      value: { keyIndex: 0 },
    });
  });

  it('still refuses a salt-0 signature over other bytes and a PKCS#1 v1.5 signature', async () => {
    const changed = Buffer.from('{"module":"entrY"}');
    expect(await verifyRsaSignature(changed, pss(body, one, 0), [one.publicKey])).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
    const v15 = `v1=${sign('sha256', body, one.privateKey).toString('base64')}`;
    expect(await verifyRsaSignature(body, v15, [one.publicKey])).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it.each([
    ['missing-signature', undefined],
    ['missing-signature', ''],
    ['malformed-signature', 'sha256=abc'],
    ['malformed-signature', 'v1=***'],
  ])('refuses with %s: %s', async (reason, header) => {
    expect(await verifyRsaSignature(body, header, [one.publicKey])).toMatchObject({ ok: false, reason });
  });

  it('refuses a changed byte and an unknown key', async () => {
    const changed = Buffer.from(body);
    changed[2] = 0x4e;
    expect(await verifyRsaSignature(changed, pss(body), [one.publicKey])).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
    expect(await verifyRsaSignature(body, pss(body, two), [one.publicKey])).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
  });
});

describe('verifyHmacSignature', () => {
  const secret = 's3cret';
  const now = 1_800_000_000_000;
  const mac = (t: number, data = body) => createHmac('sha256', secret).update(`${t}.`).update(data).digest('hex');
  const t = now / 1000;

  it('accepts any matching v1 within the tolerance', () => {
    expect(verifyHmacSignature(body, `t=${t},v1=${'0'.repeat(64)},v1=${mac(t)}`, secret, now, 300).ok).toBe(true);
    expect(verifyHmacSignature(body, `t=${t - 300},v1=${mac(t - 300)}`, secret, now, 300).ok).toBe(true);
  });

  it.each([
    ['missing-hmac', undefined],
    ['malformed-hmac', 'v1=abc'],
    ['stale-hmac', `t=${t - 301},v1=${'a'.repeat(64)}`],
    ['stale-hmac', `t=${t + 301},v1=${'a'.repeat(64)}`],
    ['bad-hmac', `t=${t},v1=${'a'.repeat(64)}`],
  ])('refuses with %s', (reason, header) => {
    expect(verifyHmacSignature(body, header, secret, now, 300)).toMatchObject({ ok: false, reason });
  });
});

describe('verifyHmacIfPresent', () => {
  const secret = 's3cret';
  const now = 1_800_000_000_000;
  const t = now / 1000;
  const mac = createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');

  it('passes a delivery without the header unchecked: the HMAC is never required', () => {
    expect(verifyHmacIfPresent(body, undefined, secret, now, 300)).toEqual({ ok: true, value: { checked: false } });
    expect(verifyHmacIfPresent(body, ' ', secret, now, 300)).toEqual({ ok: true, value: { checked: false } });
  });

  it.each([
    ['a matching header', `t=${t},v1=${mac}`, { ok: true, value: { checked: true } }],
    ['a wrong one', `t=${t},v1=${'a'.repeat(64)}`, { ok: false, reason: 'bad-hmac' }],
    ['a stale one', `t=${t - 301},v1=${mac}`, { ok: false, reason: 'stale-hmac' }],
    ['a malformed one', 'v1=abc', { ok: false, reason: 'malformed-hmac' }],
  ])('checks a present header: %s', (_name, header, expected) => {
    expect(verifyHmacIfPresent(body, header, secret, now, 300)).toMatchObject(expected);
  });
});

describe('verifyBasicAuth', () => {
  it('accepts only the configured pair', () => {
    const header = `Basic ${Buffer.from('hook:pw').toString('base64')}`;
    expect(verifyBasicAuth(header, 'hook', 'pw')).toBe(true);
    expect(verifyBasicAuth(header, 'hook', 'pw2')).toBe(false);
    expect(verifyBasicAuth(undefined, 'hook', 'pw')).toBe(false);
  });
});
