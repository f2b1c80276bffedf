// The set of Contentstack webhook-signing public keys, fetched from the well-known document
// (`{"signing-key": "<PEM>", "signing-key-2": "<PEM>"}`; every entry is accepted, for rotation).
import { createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';

const keyDocumentSchema = z.record(z.string(), z.unknown());

export interface PublicKeySource {
  /** The cached keys (fetching them first if there are none yet). */
  current(): Promise<readonly KeyObject[]>;
  /**
   * Fetches the document again because a signature matched no cached key (a rotation may have happened).
   * Refreshes are spaced by `minRefreshMs` so unsigned junk cannot turn the server into a fetch amplifier.
   * Resolves to whether a fresh set was loaded.
   */
  refresh(): Promise<boolean>;
}

export interface PublicKeySourceOptions {
  url: string;
  cacheMs: number;
  minRefreshMs?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

export function parseKeyDocument(document: unknown): KeyObject[] {
  const entries = keyDocumentSchema.parse(document);
  const keys: KeyObject[] = [];
  for (const [name, value] of Object.entries(entries)) {
    if (!name.startsWith('signing-key') || typeof value !== 'string') continue;
    keys.push(createPublicKey(value));
  }
  if (keys.length === 0) throw new Error('public key document holds no signing-key entry');
  return keys;
}

export function createPublicKeySource(options: PublicKeySourceOptions): PublicKeySource {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const minRefreshMs = options.minRefreshMs ?? 30_000;
  let keys: readonly KeyObject[] = [];
  let fetchedAt = -Infinity;
  let inFlight: Promise<readonly KeyObject[]> | undefined;

  async function load(): Promise<readonly KeyObject[]> {
    inFlight ??= (async () => {
      try {
        const response = await doFetch(options.url, { signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
        if (!response.ok) throw new Error(`public keys: HTTP ${response.status}`);
        keys = parseKeyDocument(await response.json());
        fetchedAt = now();
        return keys;
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  }

  return {
    async current() {
      if (keys.length === 0 || now() - fetchedAt > options.cacheMs) {
        try {
          return await load();
        } catch (error) {
          // A stale set beats none while the key server is unreachable.
          if (keys.length > 0) return keys;
          throw error;
        }
      }
      return keys;
    },
    async refresh() {
      if (now() - fetchedAt < minRefreshMs) return false;
      try {
        await load();
        return true;
      } catch {
        return false;
      }
    },
  };
}
