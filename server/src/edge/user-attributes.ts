// Visitors' custom attributes, stored per project and user as one small Redis hash (field = attribute key, value =
// JSON) that expires `ttlSeconds` after the last write. A hash of a few short fields stays in Redis' compact
// listpack encoding, which is what keeps a million users in tens of megabytes (bench/redis-memory.bench.ts).
import type { AssignmentTable, RuleNode } from '@pb/shared';
import { type RedisClient, unlinkMatching } from '../redis';

export type AttributeValue = string | number | boolean | null | readonly unknown[] | { readonly [k: string]: unknown };

export interface UserAttributeStore {
  get(projectUid: string, userUid: string): Promise<Record<string, unknown>>;
  /** Sets the given attributes; a null value removes that attribute. */
  patch(projectUid: string, userUid: string, attributes: Readonly<Record<string, AttributeValue>>): Promise<void>;
  /** Copies the source user's attributes onto the target (the source's values win: they are the newer session). */
  merge(projectUid: string, sourceUserUid: string, targetUserUid: string): Promise<void>;
}

function nodeReadsCustom(node: RuleNode): boolean {
  return node.__type === 'RuleCombination'
    ? node.rules.some(nodeReadsCustom)
    : node.attribute.__type === 'CustomAttributeReference';
}

/**
 * Whether any audience of the table tests a custom attribute. When none does, stored attributes cannot change a
 * decision, and the manifest skips reading them (one Redis round trip less per request).
 */
export function readsCustomAttributes(table: AssignmentTable): boolean {
  return table.audiences.some((audience) => nodeReadsCustom(audience.definition));
}

const MERGE = `
local all = redis.call('HGETALL', KEYS[1])
if #all == 0 then return 0 end
redis.call('HSET', KEYS[2], unpack(all))
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[1]))
return #all / 2
`;

/** Hash-tagged by project (`{prj:<uid>}`): a merge's two keys, and a project's purge, stay in one cluster slot. */
export function userAttributesKey(prefix: string, projectUid: string, userUid: string): string {
  return `${prefix}:ua:{prj:${projectUid}}:${userUid}`;
}

/** Removes every visitor's attributes of the project (an uninstall); returns how many keys went. */
export function forgetUserAttributes(redis: RedisClient, prefix: string, projectUid: string): Promise<number> {
  return unlinkMatching(redis, userAttributesKey(prefix, projectUid, '*'));
}

export function createRedisUserAttributes(redis: RedisClient, prefix: string, ttlSeconds: number): UserAttributeStore {
  const key = (projectUid: string, userUid: string) => userAttributesKey(prefix, projectUid, userUid);
  return {
    async get(projectUid, userUid) {
      const raw = await redis.hgetall(key(projectUid, userUid));
      const attributes: Record<string, unknown> = {};
      for (const [name, json] of Object.entries(raw)) {
        try {
          attributes[name] = JSON.parse(json) as unknown;
        } catch {
          // Written by us as JSON: an unreadable value is skipped rather than failing the decision.
        }
      }
      return attributes;
    },
    async patch(projectUid, userUid, attributes) {
      const k = key(projectUid, userUid);
      const set: string[] = [];
      const removed: string[] = [];
      for (const [name, value] of Object.entries(attributes)) {
        if (value === null) removed.push(name);
        else set.push(name, JSON.stringify(value));
      }
      const tx = redis.multi();
      if (removed.length > 0) tx.hdel(k, ...removed);
      if (set.length > 0) tx.hset(k, ...set);
      tx.expire(k, ttlSeconds);
      await tx.exec();
    },
    async merge(projectUid, sourceUserUid, targetUserUid) {
      if (sourceUserUid === targetUserUid) return;
      await redis.eval(MERGE, 2, key(projectUid, sourceUserUid), key(projectUid, targetUserUid), String(ttlSeconds));
    },
  };
}
