// Contentstack-style webhook signing for tests: RSA-PSS SHA-256 (salt 32 by default, as documented) over the raw body,
// plus the optional HMAC.
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

/**
 * An entry webhook body as Contentstack sends it (`module: "entry"`). Personalize sends no webhooks, so CMS events
 * like this one are what reaches the endpoint; each call with a new uid or instant is a distinct delivery.
 */
export function entryEvent(
  apiKey: string,
  entryUid: string,
  options: {
    event?: 'create' | 'update' | 'delete' | 'publish' | 'unpublish';
    triggeredAt?: Date;
    contentTypeUid?: string;
    version?: number;
    locale?: string;
    title?: string;
  } = {},
): Record<string, unknown> {
  return {
    module: 'entry',
    api_key: apiKey,
    event: options.event ?? 'update',
    triggered_at: (options.triggeredAt ?? new Date()).toISOString(),
    data: {
      entry: {
        uid: entryUid,
        title: options.title ?? 'Hero banner',
        locale: options.locale ?? 'en-us',
        _version: options.version ?? 1,
      },
      content_type: { uid: options.contentTypeUid ?? 'hero', title: 'Hero' },
    },
  };
}
