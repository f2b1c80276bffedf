// Contentstack-style webhook signing for tests and benches: RSA-PSS SHA-256 (salt 32 by default, as documented) over
// the raw body, plus the optional HMAC, and a public-keys document served the way Contentstack publishes its keys.
import { constants, createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A sender's RSA key pair: the public half as a key object (for a verifier) and as the PEM a key server publishes. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicPem: string;
}

export function newSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, publicKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

export function rsaSignature(body: Buffer, key: SigningKey, saltLength = 32): string {
  const signature = sign('sha256', body, {
    key: key.privateKey,
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength,
  });
  return `v1=${signature.toString('base64')}`;
}

export function hmacSignature(body: Buffer, secret: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.`).update(body).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** A public-keys document served over HTTP, which the test can change (rotation). */
export interface KeyServer {
  url: string;
  set(doc: Record<string, string>): void;
  /** How many times the document was fetched. */
  fetches(): number;
  close(): Promise<void>;
}

export async function serveKeys(initial: Record<string, string>): Promise<KeyServer> {
  let doc = initial;
  let count = 0;
  const server: Server = createServer((_req, res) => {
    count += 1;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(doc));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/public-keys.json`,
    set(next) {
      doc = next;
    },
    fetches: () => count,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
