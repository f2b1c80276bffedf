// The decision path's view of the assignment tables: each project's table is compiled once per revision and cached
// in-process; at most every `refreshMs` one GET of the pointer tells whether a new revision was published. A
// switch is therefore served within refreshMs plus one round trip, and a steady state costs one tiny GET per
// project per interval, not per request.
import { compileAssignmentTable, type CompiledAssignmentTable, type ExperienceAssignment } from '@pb/shared';
import type { StoredTable } from '@pb/shared';
import type { TableStorePort } from './table-store';

export interface ServedTable {
  readonly stored: StoredTable;
  readonly compiled: CompiledAssignmentTable;
  /** Experience rows by experience short uid (events name experiences by short uid). */
  readonly byShortUid: ReadonlyMap<string, ExperienceAssignment>;
}

interface CacheEntry {
  revision: number | null;
  served: ServedTable | null;
  checkedAt: number;
  refreshing: Promise<ServedTable | null> | null;
}

export interface TableReaderOptions {
  /** Longest time a published switch goes unnoticed. */
  refreshMs?: number;
  now?: () => number;
}

export function serveTable(stored: StoredTable): ServedTable {
  return {
    stored,
    compiled: compileAssignmentTable(stored.table),
    byShortUid: new Map(stored.table.experiences.map((e) => [e.shortUid, e])),
  };
}

export class AssignmentTableReader {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly refreshMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: TableStorePort,
    options: TableReaderOptions = {},
  ) {
    this.refreshMs = options.refreshMs ?? 250;
    this.now = options.now ?? Date.now;
  }

  /** The project's current table, or null when the project has none. */
  get(projectUid: string): Promise<ServedTable | null> {
    const entry = this.cache.get(projectUid);
    if (entry !== undefined && this.now() - entry.checkedAt < this.refreshMs) return Promise.resolve(entry.served);
    if (entry?.refreshing != null) return entry.refreshing;
    return this.refresh(projectUid, entry);
  }

  private refresh(projectUid: string, previous: CacheEntry | undefined): Promise<ServedTable | null> {
    const entry: CacheEntry = previous ?? { revision: null, served: null, checkedAt: 0, refreshing: null };
    this.cache.set(projectUid, entry);
    const refreshing = (async () => {
      try {
        const revision = await this.store.currentRevision(projectUid);
        if (revision !== entry.revision || (revision !== null && entry.served === null)) {
          const stored = revision === null ? null : await this.store.load(projectUid, revision);
          entry.served = stored === null ? null : serveTable(stored);
          entry.revision = stored === null ? null : revision;
        }
        entry.checkedAt = this.now();
        return entry.served;
      } catch (error) {
        // Redis unreachable: keep serving the table we have (decisions stay available); retry on the next request.
        if (entry.served !== null) return entry.served;
        throw error;
      } finally {
        entry.refreshing = null;
      }
    })();
    entry.refreshing = refreshing;
    return refreshing;
  }
}
