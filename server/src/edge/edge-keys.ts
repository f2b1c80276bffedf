// Per-project edge keys: the secret an edge worker presents to read the project's table (`GET /edge/table`). The key
// must be shown again on the experiences page, so it is kept sealed with the installation secret box (AES-256-GCM,
// the project uid as associated data) rather than as a hash; a Redis dump alone does not reveal it. One key per
// project, created on its first read, replaced on rotation: the old key stops working at once on every process,
// because every check reads the current one (there is no per-process cache to go stale).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RedisClient } from '../redis';
import type { SecretBox } from '../install/secret-box';

/** Hash-tagged by project, so a Redis Cluster keeps it in the project's slot. */
export function edgeKeyKey(prefix: string, projectUid: string): string {
  return `${prefix}:edgekey:{prj:${projectUid}}`;
}

export interface EdgeKeyStore {
  /** The project's key, created now when it has none. */
  read(projectUid: string): Promise<string>;
  /** Replaces the project's key; the previous one is refused from now on. */
  rotate(projectUid: string): Promise<string>;
  /** Whether `presented` is the project's current key (false when it has none). Constant time in the key. */
  verify(projectUid: string, presented: string): Promise<boolean>;
  /** Forgets the project's key (uninstall); returns how many keys went. */
  forget(projectUid: string): Promise<number>;
}

/** `pbe_` + 32 random bytes: recognisable in a secret scanner, long enough that guessing is hopeless. */
function newEdgeKey(): string {
  return `pbe_${randomBytes(32).toString('base64url')}`;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export function createRedisEdgeKeys(redis: RedisClient, prefix: string, box: SecretBox): EdgeKeyStore {
  const key = (projectUid: string) => edgeKeyKey(prefix, projectUid);
  const context = (projectUid: string) => `edge-key:${projectUid}`;
  async function current(projectUid: string): Promise<string | null> {
    const sealed = await redis.get(key(projectUid));
    return sealed === null ? null : box.open(sealed, context(projectUid));
  }
  return {
    async read(projectUid) {
      const existing = await current(projectUid);
      if (existing !== null) return existing;
      // Two first reads at once: SET NX lets one key win, and both answer with it.
      await redis.set(key(projectUid), box.seal(newEdgeKey(), context(projectUid)), 'NX');
      const winner = await current(projectUid);
      if (winner === null)
        throw new Error(`edge key of project ${projectUid} cannot be opened with the current secret keys`);
      return winner;
    },
    async rotate(projectUid) {
      const next = newEdgeKey();
      await redis.set(key(projectUid), box.seal(next, context(projectUid)));
      return next;
    },
    async verify(projectUid, presented) {
      const expected = await current(projectUid);
      // Digests have equal length whatever was presented, so the comparison time says nothing about the key.
      return expected !== null && timingSafeEqual(digest(expected), digest(presented));
    },
    forget: (projectUid) => redis.del(key(projectUid)),
  };
}
