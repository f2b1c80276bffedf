// Installation secrets at rest: AES-256-GCM with a key from the environment. The stack's api key is the associated
// data, so a ciphertext copied onto another stack's record fails to open instead of handing one stack another's
// tokens. Each ciphertext names its key (a short hash of it), so a rotated-out key still opens old records while every
// new write uses the current one.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export interface SecretBox {
  seal(plaintext: string, context: string): string;
  /** The plaintext, or null when no key opens it (wrong key, tampered, or sealed for another context). */
  open(sealed: string, context: string): string | null;
}

const keyId = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 8);

/** `keys[0]` seals; every key may open. */
export function createSecretBox(keys: readonly Buffer[]): SecretBox {
  const [current] = keys;
  if (current === undefined || keys.some((k) => k.length !== 32)) throw new Error('secret box needs 32-byte keys');
  const byId = new Map(keys.map((k) => [keyId(k), k]));
  return {
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [
        'v1',
        keyId(current),
        iv.toString('base64'),
        cipher.getAuthTag().toString('base64'),
        body.toString('base64'),
      ].join('.');
    },
    open(sealed, context) {
      const [version, kid, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || kid === undefined || iv === undefined || tag === undefined || body === undefined)
        return null;
      const key = byId.get(kid);
      if (key === undefined) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}
