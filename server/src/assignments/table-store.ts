// Versioned, immutable assignment tables with an atomic switch. A new table is written under its own revision key
// and the project's pointer is switched in the same Lua script, only if the pointer still names the revision the
// writer started from (compare-and-set). A reader therefore sees the old table or the new one, never a mix, and two
// writers cannot lose each other's update: the loser re-reads and tries again.
import { busy, invalidPayload, parseWith, type TableContent } from '@pb/shared';
import { type RedisClient, unlinkMatching } from '../redis';
import { storedTableSchema, type StoredTable } from '@pb/shared';
import type { AssignmentKeys } from './keys';

// KEYS: pointer, new table key, old table key. ARGV: expected revision ('' = none), new revision, table JSON,
// grace ms for the old table (readers that fetched the old pointer can still load it).
const PUBLISH = `
local current = redis.call('GET', KEYS[1]) or ''
if current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[3])
redis.call('SET', KEYS[1], ARGV[2])
if current ~= '' then redis.call('PEXPIRE', KEYS[3], tonumber(ARGV[4])) end
return 1
`;

export interface TableStorePort {
  /** The current revision, or null when the project has no table. */
  currentRevision(projectUid: string): Promise<number | null>;
  /** The table of a revision; null when it is gone (superseded and expired). */
  load(projectUid: string, revision: number): Promise<StoredTable | null>;
  /** The current table, or null. */
  current(projectUid: string): Promise<StoredTable | null>;
}

export type PublishResult = { ok: true; revision: number } | { ok: false; reason: 'conflict' };

export class RedisTableStore implements TableStorePort {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: AssignmentKeys,
    /** How long a superseded table stays readable. */
    private readonly graceMs = 60_000,
  ) {}

  /** Removes every table revision and the pointer of the project (an uninstall); returns how many keys went. */
  forgetProject(projectUid: string): Promise<number> {
    return unlinkMatching(this.redis, this.keys.projectPattern(projectUid));
  }

  async currentRevision(projectUid: string): Promise<number | null> {
    const value = await this.redis.get(this.keys.pointer(projectUid));
    return value === null ? null : Number(value);
  }

  async load(projectUid: string, revision: number): Promise<StoredTable | null> {
    const json = await this.redis.get(this.keys.table(projectUid, revision));
    if (json === null) return null;
    const parsed = parseWith(storedTableSchema, JSON.parse(json) as unknown);
    // A table this version cannot read (written by a newer one, or corrupted) is not retried into shape.
    if (!parsed.ok) throw invalidPayload(`stored assignment table ${projectUid}@${revision}`, parsed.detail);
    return parsed.value;
  }

  async current(projectUid: string): Promise<StoredTable | null> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const revision = await this.currentRevision(projectUid);
      if (revision === null) return null;
      const table = await this.load(projectUid, revision);
      // Only a switch plus expiry between the two reads loses the table: read the pointer again.
      if (table !== null) return table;
    }
    return null;
  }

  /** Publishes `next` as the revision after `expected` (null: the project's first table). */
  async publish(expected: number | null, next: TableContent, now = new Date()): Promise<PublishResult> {
    const revision = (expected ?? 0) + 1;
    const table: StoredTable = storedTableSchema.parse({ ...next, revision, compiledAt: now.toISOString() });
    const { projectUid } = table;
    const switched = await this.redis.eval(
      PUBLISH,
      3,
      this.keys.pointer(projectUid),
      this.keys.table(projectUid, revision),
      this.keys.table(projectUid, expected ?? 0),
      expected === null ? '' : String(expected),
      String(revision),
      JSON.stringify(table),
      String(this.graceMs),
    );
    return Number(switched) === 1 ? { ok: true, revision } : { ok: false, reason: 'conflict' };
  }

  /**
   * One read-modify-publish: `change` gets the current table (null for none) and returns the next content, or null
   * to leave the table as it is. A conflict (another writer published in between) is returned, not retried: the
   * caller decides whether what it read elsewhere still holds.
   */
  async tryUpdate(
    projectUid: string,
    change: (current: StoredTable | null) => TableContent | null,
  ): Promise<{ ok: true; revision: number | null; changed: boolean } | { ok: false; reason: 'conflict' }> {
    const revision = await this.currentRevision(projectUid);
    const current = revision === null ? null : await this.load(projectUid, revision);
    if (revision !== null && current === null) return { ok: false, reason: 'conflict' }; // switched under us
    const next = change(current);
    if (next === null) return { ok: true, revision, changed: false };
    const published = await this.publish(revision, next);
    return published.ok ? { ok: true, revision: published.revision, changed: true } : published;
  }

  /** `tryUpdate` until it is not refused, for changes that depend on nothing but the current table. */
  async update(
    projectUid: string,
    change: (current: StoredTable | null) => TableContent | null,
    attempts = 5,
  ): Promise<{ revision: number | null; changed: boolean }> {
    for (let attempt = 0; attempt < attempts; attempt++) {
      const result = await this.tryUpdate(projectUid, change);
      if (result.ok) return { revision: result.revision, changed: result.changed };
    }
    throw busy(`assignment table of ${projectUid}: too many concurrent updates`);
  }
}
