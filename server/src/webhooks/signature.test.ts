import { constants, createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyBasicAuth, verifyHmacSignature, verifyRsaSignature } from './signature';

const one = generateKeyPairSync('rsa', { modulusLength: 2048 });
const two = generateKeyPairSync('rsa', { modulusLength: 2048 });
const body = Buffer.from('{"module":"experience"}');
const pss = (data: Buffer, key = one.privateKey) =>
  `v1=${sign('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }).toString('base64')}`;

describe('verifyRsaSignature', () => {
  it('accepts a signature by any key of the set (rotation) and says which', () => {
    expect(verifyRsaSignature(body, pss(body, two.privateKey), [one.publicKey, two.publicKey])).toEqual({
      ok: true,
      value: { keyIndex: 1 },
    });
  });

  it.each([
    ['missing-signature', undefined],
    ['missing-signature', ''],
    ['malformed-signature', 'sha256=abc'],
    ['malformed-signature', 'v1=***'],
  ])('refuses with %s: %s', (reason, header) => {
    expect(verifyRsaSignature(body, header, [one.publicKey])).toMatchObject({ ok: false, reason });
  });

  it('refuses a changed byte and an unknown key', () => {
    const changed = Buffer.from(body);
    changed[2] = 0x4e;
    expect(verifyRsaSignature(changed, pss(body), [one.publicKey])).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
    expect(verifyRsaSignature(body, pss(body, two.privateKey), [one.publicKey])).toMatchObject({
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

describe('verifyBasicAuth', () => {
  it('accepts only the configured pair', () => {
    const header = `Basic ${Buffer.from('hook:pw').toString('base64')}`;
    expect(verifyBasicAuth(header, 'hook', 'pw')).toBe(true);
    expect(verifyBasicAuth(header, 'hook', 'pw2')).toBe(false);
    expect(verifyBasicAuth(undefined, 'hook', 'pw')).toBe(false);
  });
});
