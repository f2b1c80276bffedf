// The project's assignment table as an edge worker holds it: fetched from `GET /edge/table` with the project's edge
// key, compiled once per revision, and kept in memory (per isolate) for the max-age the server sent. After that the
// next request revalidates with If-None-Match (a 304 costs no body and no compile). When the worker hands in
// `waitUntil`, a stale table is served at once and revalidated in the background, so no visitor waits for the hop;
// when the server cannot be reached the last table keeps deciding (decisions stay available, like the server's own
// table reader when Redis is down).
import { compileAssignmentTable, type CompiledAssignmentTable } from '../../decision/decide';
import { edgeTableDocumentSchema, type EdgeTableDocument } from '../table-document';

export interface EdgeConnection {
  /** Our server's origin, e.g. `https://personalize-bridge.example.com` (its `/edge/*` routes). */
  serverUrl: string;
  /** The project this worker decides for. */
  projectUid: string;
  /** The project's edge key, shown on the app's experiences page. A secret: keep it in the platform's secret store. */
  edgeKey: string;
  fetch?: typeof fetch;
}

export interface TableSourceOptions extends EdgeConnection {
  /** How long a table is used before it is revalidated; defaults to the max-age of the server's Cache-Control. */
  maxAgeMs?: number;
  now?: () => number;
}

export interface LoadedTable {
  readonly document: EdgeTableDocument;
  readonly compiled: CompiledAssignmentTable;
}

/** The table could not be had at all (no copy yet and the server refused or was unreachable). */
export class EdgeTableUnavailable extends Error {
  constructor(readonly reason: string) {
    super(`edge table unavailable: ${reason}`);
    this.name = 'EdgeTableUnavailable';
  }
}

/** After a failed revalidation the old table is used this long before the next try (no retry storm per request). */
const RETRY_AFTER_FAILURE_MS = 1000;
const DEFAULT_MAX_AGE_MS = 5000;

function maxAgeOf(cacheControl: string | null): number | undefined {
  const match = /(?:^|,)\s*max-age=(\d+)/i.exec(cacheControl ?? '');
  return match?.[1] === undefined ? undefined : Number(match[1]) * 1000;
}

export function tableUrl(serverUrl: string): string {
  return `${serverUrl.replace(/\/+$/, '')}/edge/table`;
}

export class EdgeTableSource {
  private loaded: LoadedTable | null = null;
  private etag: string | null = null;
  private freshUntil = 0;
  private refreshing: Promise<LoadedTable> | null = null;
  private readonly now: () => number;
  private readonly doFetch: typeof fetch;

  constructor(private readonly options: TableSourceOptions) {
    this.now = options.now ?? Date.now;
    // Bound to the global: Workers throw "Illegal invocation" for an unbound fetch.
    this.doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** The current table; `waitUntil` lets a stale one be served while it is revalidated in the background. */
  async current(waitUntil?: (promise: Promise<unknown>) => void): Promise<LoadedTable> {
    const loaded = this.loaded;
    if (loaded !== null && this.now() < this.freshUntil) return loaded;
    if (loaded !== null && waitUntil !== undefined) {
      waitUntil(this.refresh().catch(() => undefined));
      return loaded;
    }
    return this.refresh();
  }

  private refresh(): Promise<LoadedTable> {
    this.refreshing ??= this.revalidate().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async revalidate(): Promise<LoadedTable> {
    const { serverUrl, projectUid, edgeKey } = this.options;
    let response: Response;
    try {
      response = await this.doFetch(tableUrl(serverUrl), {
        headers: {
          authorization: `Bearer ${edgeKey}`,
          'x-project-uid': projectUid,
          ...(this.etag === null || this.loaded === null ? {} : { 'if-none-match': this.etag }),
        },
      });
    } catch (error) {
      return this.keepOrFail(`GET /edge/table failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const maxAge = this.options.maxAgeMs ?? maxAgeOf(response.headers.get('cache-control')) ?? DEFAULT_MAX_AGE_MS;
    if (response.status === 304 && this.loaded !== null) {
      this.freshUntil = this.now() + maxAge;
      return this.loaded;
    }
    if (!response.ok) {
      // The error body names what is wrong (e.g. a rotated key); it never contains the key.
      const body = await response.text().catch(() => '');
      return this.keepOrFail(`GET /edge/table answered ${response.status} ${body.slice(0, 200)}`);
    }
    const parsed = edgeTableDocumentSchema.safeParse(await response.json().catch(() => null));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return this.keepOrFail(`GET /edge/table: ${issue?.path.join('.') ?? '(root)'}: ${issue?.message ?? 'invalid'}`);
    }
    const document = parsed.data;
    this.loaded = {
      document,
      compiled: compileAssignmentTable(document.table),
    };
    this.etag = response.headers.get('etag');
    this.freshUntil = this.now() + maxAge;
    return this.loaded;
  }

  private keepOrFail(reason: string): LoadedTable {
    if (this.loaded === null) throw new EdgeTableUnavailable(reason);
    this.freshUntil = this.now() + RETRY_AFTER_FAILURE_MS;
    return this.loaded;
  }
}
