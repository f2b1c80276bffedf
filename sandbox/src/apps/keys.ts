/**
 * The sandbox's signing key pair. One RSA key signs both outgoing webhooks (RSA-PSS) and signed-location
 * app tokens (RS256), exactly as Contentstack publishes one key set for both. Rotation keeps the previous
 * public key published as `signing-key-1` (then `-2`, ...) so verifiers holding an in-flight signature or
 * token still succeed while they refresh.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, constants } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { StatePart } from '../core/contracts';

export interface SigningKey {
  /** Stable id of the key (JWT `kid`): a digest of the public key. */
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicPem: string;
}

export interface SigningKeys {
  current(): SigningKey;
  /** The document served at `/.well-known/public-keys.json`: `signing-key` plus retired `signing-key-<n>`. */
  publicKeyDocument(): Record<string, string>;
  /** Every published key (current first), for JWKS and verification. */
  published(): SigningKey[];
  /** Makes a new current key; the old one stays published as `signing-key-1`. */
  rotate(): SigningKey;
  /** `base64(RSA-PSS-SHA256, salt 32)` over the exact bytes. */
  signBody(body: Buffer): string;
}

/** How many retired keys stay published after rotations. */
const RETIRED_KEYS_KEPT = 2;

function fromPrivatePem(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const kid = `sk_${createHash('sha256').update(publicPem).digest('hex').slice(0, 16)}`;
  return { kid, privateKey, publicKey, publicPem };
}

function generate(): SigningKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return fromPrivatePem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
}

const snapshotSchema = z.object({ current: z.string(), retired: z.array(z.string()) });

export function createSigningKeys(opts: { registerState?: (part: StatePart) => void } = {}): SigningKeys {
  let current = generate();
  let retired: SigningKey[] = [];

  const keys: SigningKeys = {
    current: () => current,
    publicKeyDocument() {
      const doc: Record<string, string> = { 'signing-key': current.publicPem };
      retired.forEach((key, i) => {
        doc[`signing-key-${i + 1}`] = key.publicPem;
      });
      return doc;
    },
    published: () => [current, ...retired],
    rotate() {
      retired = [current, ...retired].slice(0, RETIRED_KEYS_KEPT);
      current = generate();
      return current;
    },
    signBody(body) {
      return sign('sha256', body, {
        key: current.privateKey,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: 32,
      }).toString('base64');
    },
  };

  opts.registerState?.({
    name: 'signing-keys',
    // The private key lives in the state file so a restarted sandbox keeps verifiers working.
    snapshot: () => ({
      current: current.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      retired: retired.map((k) => k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
    }),
    restore(data) {
      const parsed = snapshotSchema.safeParse(data);
      if (!parsed.success) return;
      current = fromPrivatePem(parsed.data.current);
      retired = parsed.data.retired.map(fromPrivatePem);
    },
    // Reset returns content to the seed but keeps the key: receivers may have cached it.
    reset() {
      retired = [];
    },
  });

  return keys;
}
