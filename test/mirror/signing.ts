// Contentstack-style webhook signing for tests: RSA-PSS SHA-256 (salt 32) over the raw body, plus the optional HMAC.
import { constants, createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SigningKey {
  privateKey: KeyObject;
  publicPem: string;
}

export function newSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

export function rsaSignature(body: Buffer, key: SigningKey): string {
  const signature = sign('sha256', body, {
    key: key.privateKey,
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: 32,
  });
  return `v1=${signature.toString('base64')}`;
}

export function hmacSignature(body: Buffer, secret: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.`).update(body).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** Serves a public-keys document that the test can change (rotation). */
export async function serveKeys(
  initial: Record<string, string>,
): Promise<{ url: string; set(doc: Record<string, string>): void; fetches(): number; close(): Promise<void> }> {
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

export function experienceEvent(
  apiKey: string,
  projectUid: string,
  experienceUid: string,
  options: { event?: string; triggeredAt?: Date; versionUid?: string; status?: string } = {},
): Record<string, unknown> {
  const event = options.event ?? 'update';
  return {
    module: 'experience',
    api_key: apiKey,
    event,
    triggered_at: (options.triggeredAt ?? new Date()).toISOString(),
    data: {
      project_uid: projectUid,
      experience: { uid: experienceUid, short_uid: '7' },
      ...(event === 'delete'
        ? {}
        : { version: { uid: options.versionUid ?? 'v1', status: options.status ?? 'DRAFT' } }),
    },
  };
}
