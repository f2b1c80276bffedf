// Visitors' custom attributes, per project and user: one Redis string per visitor that expires `ttlSeconds` after the
// last write (Redis 7.0 has no per-field expiry, so every visitor keeps a key of its own for its own TTL). The string is
// a JSON array of values by position, whose names are the project's attribute dictionary (attribute-dictionary.ts);
// its key carries the uids our edge API issues as 16 raw bytes (attribute-encoding.ts). Both keep the key, and the value
// of a visitor with a few short attributes, in one allocation of at most 64 bytes each: 192 MiB per million visitors
// instead of 280 as one hash each (bench/redis-memory.bench.ts).
//
// A write reads the value, changes it in Node (exact JSON: Lua's cjson would turn [] into {} and round numbers to 14
// digits) and stores it with a script that writes only if the value and the dictionary's epoch are still those it
// read; otherwise it reads again. Two concurrent writes to different attributes of one visitor therefore both stay.
//
// Values stored by earlier versions (one hash per visitor, at the same key for text uids) are not read: such a key is
// read as no attributes and replaced by the next write; keys of issued UUIDs moved and the old ones expire by TTL.
import type { AssignmentTable, RuleNode } from '@pb/shared';
import { type RedisClient, unlinkMatching } from '../redis';
import { projectTag } from '../redis-tags';
import { AttributeDictionaries, attributeDictionaryKey, type AttributeDictionary } from './attribute-dictionary';
import {
  decodeValues,
  encodeValues,
  userKeyPart,
  type AttributeValue,
  type IndexedValues,
  type StoredValue,
} from './attribute-encoding';

export type { AttributeValue };

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

/** Hash-tagged by project (`{prj:<uid>}`): a write's script touches the visitor and the dictionary in one slot. */
function userAttributesStem(prefix: string, projectUid: string): string {
  return `${prefix}:ua:${projectTag(projectUid)}:`;
}

/** The visitor's key: the stem, then the uid (a canonical UUID as the marker byte and its 16 bytes). */
export function userAttributesKey(prefix: string, projectUid: string, userUid: string): Buffer {
  return Buffer.concat([Buffer.from(userAttributesStem(prefix, projectUid)), userKeyPart(userUid)]);
}

/** Removes every visitor's attributes of the project (an uninstall), and its dictionary; returns how many keys went. */
export async function forgetUserAttributes(redis: RedisClient, prefix: string, projectUid: string): Promise<number> {
  // The dictionary first: a write racing the purge then finds its epoch gone and starts a new dictionary, which stays
  // consistent with whatever of its visitors' values the scan below does not reach.
  const dictionary = await redis.del(attributeDictionaryKey(prefix, projectUid));
  return dictionary + (await unlinkMatching(redis, `${userAttributesStem(prefix, projectUid)}*`));
}

// KEYS: the visitor, the dictionary. ARGV: the epoch encoded with, the value read ('' = none), the new value ('' =
// delete), the TTL. 1 = written, 0 = the value changed since it was read, -1 = the dictionary changed. GET on a key an
// older version left as a hash answers WRONGTYPE: pcall turns that into an error table, read as no value.
const WRITE_IF_UNCHANGED = `
if redis.call('HGET', KEYS[2], '#epoch') ~= ARGV[1] then return -1 end
local current = redis.pcall('GET', KEYS[1])
if type(current) ~= 'string' then current = '' end
if current ~= ARGV[2] then return 0 end
if ARGV[3] == '' then
  redis.call('DEL', KEYS[1])
else
  redis.call('SET', KEYS[1], ARGV[3], 'EX', ARGV[4])
end
return 1
`;

/**
 * Tries of a write that keeps finding the visitor changed under it before it gives up. Between tries it waits a
 * random time below 1, 2, 4 … ms, so writers that collided do not collide again in step (one visitor's writes come
 * from one browser: more than a few at once is rare).
 */
const WRITE_ATTEMPTS = 10;

const pause = (attempt: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** attempt, 64)));

function isWrongType(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('WRONGTYPE');
}

export function createRedisUserAttributes(
  redis: RedisClient,
  prefix: string,
  ttlSeconds: number,
  /** The clock that ages the cached dictionaries (tests move it). */
  now: () => number = Date.now,
): UserAttributeStore {
  const key = (projectUid: string, userUid: string) => userAttributesKey(prefix, projectUid, userUid);
  const dictionaries = new AttributeDictionaries(redis, prefix, now);

  /** The stored value's bytes (null: none, or an older version's hash). */
  async function readValue(k: Buffer): Promise<Buffer | null> {
    try {
      return await redis.getBuffer(k);
    } catch (error) {
      if (isWrongType(error)) return null;
      throw error;
    }
  }

  const valuesOf = (raw: Buffer | null): IndexedValues =>
    (raw === null ? undefined : decodeValues(raw.toString('utf8'))) ?? new Map<number, StoredValue>();

  /** Writes what `change` makes of the visitor's values, again on a fresh read while another write came between. */
  async function update(
    projectUid: string,
    userUid: string,
    dictionaryFor: () => Promise<AttributeDictionary | null>,
    /** Changes `values` in place; false when there is nothing to write. */
    change: (values: IndexedValues, dictionary: AttributeDictionary) => boolean | Promise<boolean>,
  ): Promise<void> {
    const k = key(projectUid, userUid);
    const dictionaryKey = attributeDictionaryKey(prefix, projectUid);
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      const dictionary = await dictionaryFor();
      if (dictionary === null) return;
      const raw = await readValue(k);
      const values = valuesOf(raw);
      if (!(await change(values, dictionary))) return;
      const next = encodeValues(values) ?? '';
      const written = await redis.eval(
        WRITE_IF_UNCHANGED,
        2,
        k,
        dictionaryKey,
        dictionary.epoch,
        raw ?? '',
        next,
        ttlSeconds,
      );
      if (written === 1) return;
      if (written === -1) dictionaries.forget(projectUid);
      else await pause(attempt);
    }
    throw new Error(`the attributes of one visitor changed under each of ${WRITE_ATTEMPTS} writes in a row`);
  }

  return {
    async get(projectUid, userUid) {
      const k = key(projectUid, userUid);
      const fresh = dictionaries.fresh(projectUid);
      // One round trip either way: the dictionary, when due, travels in the same pipeline as the value.
      const [raw, read] = await Promise.all([
        redis.get(k).catch((error: unknown) => {
          if (isWrongType(error)) return null;
          throw error;
        }),
        fresh === undefined ? dictionaries.load(projectUid) : fresh,
      ]);
      if (raw === null) return {};
      const values = decodeValues(raw);
      if (values === undefined) return {};
      let dictionary = read;
      if ([...values.keys()].some((index) => dictionary?.nameAt.has(index) !== true)) {
        dictionary = await dictionaries.load(projectUid);
      }
      const attributes: Record<string, unknown> = {};
      for (const [index, value] of values) {
        const name = dictionary?.nameAt.get(index);
        // An index still unknown belongs to no dictionary (a write that raced a purge): it names nothing.
        if (name !== undefined) attributes[name] = value;
      }
      return attributes;
    },
    async patch(projectUid, userUid, attributes) {
      const entries = Object.entries(attributes);
      const setting = entries.filter(([, value]) => value !== null).map(([name]) => name);
      const names = entries.map(([name]) => name);
      await update(
        projectUid,
        userUid,
        () => dictionaries.withNames(projectUid, setting, names),
        (values, dictionary) => {
          for (const [name, value] of entries) {
            const index = dictionary.indexOf.get(name);
            if (index === undefined) continue; // a removal of a name never stored
            if (value === null) values.delete(index);
            else values.set(index, value);
          }
          // Written even when nothing changed: every write refreshes the TTL.
          return true;
        },
      );
    },
    async merge(projectUid, sourceUserUid, targetUserUid) {
      if (sourceUserUid === targetUserUid) return;
      const source = key(projectUid, sourceUserUid);
      await update(
        projectUid,
        targetUserUid,
        () => dictionaries.current(projectUid),
        async (values) => {
          // Read on every try, after the target: the merge takes the source as it was at that moment.
          const from = valuesOf(await readValue(source));
          for (const [index, value] of from) values.set(index, value);
          return from.size > 0;
        },
      );
    },
  };
}
