// Each project's attribute names, numbered: one Redis hash per project (`<prefix>:uan:{prj:<p>}`, name → index, plus
// `#epoch` and `#next`) that gives the positions of the visitors' value arrays (attribute-encoding.ts). An index,
// once given, never changes while the hash exists, so every process keeps the hash in memory and asks Redis again only
// when it meets a name or an index it does not know (or, for reads, after REVALIDATE_MS: see below). The hash is
// deleted only by an uninstall's purge; a later write makes a new one with a new `#epoch`, and every write checks the
// epoch it encoded with in the same script that writes (user-attributes.ts), so no value is ever written with the
// indexes of a dictionary that no longer exists.
import { randomBytes } from 'node:crypto';
import type { RedisClient } from '../redis';
import { projectTag } from '../redis-tags';
import { INDEX_TEXT } from './attribute-encoding';

export interface AttributeDictionary {
  /** Random per hash: a re-created dictionary (after a purge) has another. */
  readonly epoch: string;
  readonly indexOf: ReadonlyMap<string, number>;
  readonly nameAt: ReadonlyMap<number, string>;
}

/** Attribute keys are `[A-Za-z0-9_.-]` (requests.ts), so `#` fields cannot meet one. */
const EPOCH_FIELD = '#epoch';
const NEXT_FIELD = '#next';

/** Distinct attribute keys a project may store: the dictionary is read whole into every server's memory. */
export const MAX_ATTRIBUTE_NAMES = 1000;

/**
 * How long a read trusts a cached dictionary without asking Redis again. Writes never need to (they check the epoch
 * atomically); a read could otherwise go on naming a re-created dictionary's indexes with the old names.
 */
export const REVALIDATE_MS = 1000;

/** Projects whose dictionaries one process keeps; beyond it the least recently loaded is dropped. */
const MAX_CACHED_PROJECTS = 10_000;

export class AttributeLimitError extends Error {
  constructor(readonly attributeName: string) {
    super(`the project already stores ${MAX_ATTRIBUTE_NAMES} distinct attribute keys; '${attributeName}' is not one`);
    this.name = 'AttributeLimitError';
  }
}

export function attributeDictionaryKey(prefix: string, projectUid: string): string {
  return `${prefix}:uan:${projectTag(projectUid)}`;
}

/** The dictionary in a hash's fields; null when the hash has no epoch (it does not exist). */
export function parseDictionary(fields: Readonly<Record<string, string>>): AttributeDictionary | null {
  const epoch = fields[EPOCH_FIELD];
  if (epoch === undefined) return null;
  const indexOf = new Map<string, number>();
  const nameAt = new Map<number, string>();
  for (const [name, index] of Object.entries(fields)) {
    if (name.startsWith('#') || !INDEX_TEXT.test(index)) continue;
    indexOf.set(name, Number(index));
    nameAt.set(Number(index), name);
  }
  return { epoch, indexOf, nameAt };
}

// Gives each name without an index the next one, up to the limit (ARGV[2]); makes the hash, with the epoch ARGV[1],
// when it does not exist. Returns the whole hash, so the caller learns the names other processes added too.
const ALLOCATE = `
redis.call('HSETNX', KEYS[1], '${EPOCH_FIELD}', ARGV[1])
local next = tonumber(redis.call('HGET', KEYS[1], '${NEXT_FIELD}') or '0')
local limit = tonumber(ARGV[2])
for i = 3, #ARGV do
  if next < limit and redis.call('HEXISTS', KEYS[1], ARGV[i]) == 0 then
    redis.call('HSET', KEYS[1], ARGV[i], next)
    next = next + 1
  end
end
redis.call('HSET', KEYS[1], '${NEXT_FIELD}', next)
return redis.call('HGETALL', KEYS[1])
`;

function pairsToRecord(reply: unknown): Record<string, string> {
  if (!Array.isArray(reply)) throw new Error('the attribute dictionary script answered with no field list');
  const items: unknown[] = reply;
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < items.length; i += 2) {
    const [name, value] = [items[i], items[i + 1]];
    if (typeof name === 'string' && typeof value === 'string') fields[name] = value;
  }
  return fields;
}

interface Cached {
  dictionary: AttributeDictionary | null;
  loadedAt: number;
}

/** One process's view of the projects' dictionaries. */
export class AttributeDictionaries {
  private readonly cached = new Map<string, Cached>();
  private readonly loading = new Map<string, Promise<AttributeDictionary | null>>();

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached dictionary if it was read within REVALIDATE_MS (null: none existed then); undefined otherwise. */
  fresh(projectUid: string): AttributeDictionary | null | undefined {
    const entry = this.cached.get(projectUid);
    return entry !== undefined && this.now() - entry.loadedAt < REVALIDATE_MS ? entry.dictionary : undefined;
  }

  /** The cached dictionary whatever its age, else read now. */
  async current(projectUid: string): Promise<AttributeDictionary | null> {
    const entry = this.cached.get(projectUid);
    return entry === undefined ? this.load(projectUid) : entry.dictionary;
  }

  /** Reads the dictionary from Redis (one read for concurrent callers). */
  load(projectUid: string): Promise<AttributeDictionary | null> {
    const pending = this.loading.get(projectUid);
    if (pending !== undefined) return pending;
    const loaded = this.redis
      .hgetall(attributeDictionaryKey(this.prefix, projectUid))
      .then((fields) => this.remember(projectUid, parseDictionary(fields)))
      .finally(() => this.loading.delete(projectUid));
    this.loading.set(projectUid, loaded);
    return loaded;
  }

  /**
   * A dictionary that gives an index to every name of `adding` and that knows every name of `looking` it holds.
   * From the cache when it knows them all; otherwise the missing ones are allocated in Redis.
   * @throws AttributeLimitError when the project has no index left for a name of `adding`
   */
  async withNames(
    projectUid: string,
    adding: readonly string[],
    looking: readonly string[],
  ): Promise<AttributeDictionary> {
    const cached = this.cached.get(projectUid)?.dictionary;
    if (cached != null && adding.every((n) => cached.indexOf.has(n)) && looking.every((n) => cached.indexOf.has(n))) {
      return cached;
    }
    const reply = await this.redis.eval(
      ALLOCATE,
      1,
      attributeDictionaryKey(this.prefix, projectUid),
      randomBytes(6).toString('base64url'),
      MAX_ATTRIBUTE_NAMES,
      ...adding,
    );
    const dictionary = this.remember(projectUid, parseDictionary(pairsToRecord(reply)));
    if (dictionary === null) throw new Error('the attribute dictionary script left no dictionary');
    const refused = adding.find((name) => !dictionary.indexOf.has(name));
    if (refused !== undefined) throw new AttributeLimitError(refused);
    return dictionary;
  }

  /** Drops what this process knows of the project (its epoch was found changed). */
  forget(projectUid: string): void {
    this.cached.delete(projectUid);
  }

  private remember(projectUid: string, dictionary: AttributeDictionary | null): AttributeDictionary | null {
    this.cached.delete(projectUid);
    if (this.cached.size >= MAX_CACHED_PROJECTS) {
      const oldest = this.cached.keys().next();
      if (oldest.done !== true) this.cached.delete(oldest.value);
    }
    this.cached.set(projectUid, { dictionary, loadedAt: this.now() });
    return dictionary;
  }
}
