// The rate limits' counters (rate-limit.ts): each process decides locally and shares its counts through
// Redis in the background. A request costs a Map lookup, not a Redis round trip: the hot path (/edge/manifest) was
// paying one INCR per request. Every `syncMs` the hits counted here since the last sync are added to the client's
// counter in Redis (one INCRBY per active client), and the total Redis answers — every server's hits — becomes the
// base that later local hits add to. So a client spread over several servers is still limited as one client; it can
// exceed the limit by at most what the other servers admitted during one sync interval.
//
// Windows are fixed and aligned to the clock (the window's start is in the key), so every server counts in the same
// window without agreeing on anything. When Redis cannot answer, the local count keeps limiting and the unsynced
// hits are added once Redis is back: a Redis blip neither lets a flood through nor shuts out anyone under the limit.

/** The Redis command port the store needs (ioredis' `call`, on one Redis or a cluster). */
export interface RedisCommands {
  call(command: string, ...args: string[]): Promise<unknown>;
}

// One key: adds the hits and, on the window's first hits, sets the expiry (the key dies a window after its end).
const ADD_HITS = `
local total = redis.call('INCRBY', KEYS[1], ARGV[1])
if total == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return total
`;

interface ClientCount {
  /** Hits of every server as Redis last reported them (this window). */
  shared: number;
  /** Hits counted here and not yet added in Redis. */
  pending: number;
  /** Hits on their way to Redis (sent, not yet answered): still counted until Redis' total includes them. */
  sending: number;
}

export interface SyncedStoreOptions {
  /** Key stem, e.g. `<prefix>:rate:edge`; the client is hash-tagged (`…:{rl:<client>}:<window start>`). */
  keyStem: string;
  /** How often local hits are added in Redis. */
  syncMs: number;
  now?: () => number;
  /** Told once when syncing starts failing (not on every retry while Redis stays away). */
  onSyncError?: (error: unknown) => void;
}

const hitsOf = (count: ClientCount) => count.shared + count.sending + count.pending;

/** A client's hits in the current window (every server's, as far as this one knows) and when the window ends. */
export interface ClientHits {
  totalHits: number;
  resetAtMs: number;
}

export class SyncedRateLimitStore {
  private windowMs = 60_000;
  private windowStart = 0;
  private counts = new Map<string, ClientCount>();
  /** Clients with hits not yet sent: a sync visits these, not every client of the window. */
  private dirty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> | undefined;
  private readonly now: () => number;
  private failing = false;

  constructor(
    private readonly redis: RedisCommands,
    private readonly options: SyncedStoreOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Called once by the limiter with its window; starts the background sync. */
  init(windowMs: number): void {
    this.windowMs = windowMs;
    this.timer ??= setInterval(() => void this.sync(), this.options.syncMs);
    // The sync must not keep a process alive that is otherwise done.
    this.timer.unref();
  }

  /** Counts one hit of the client; synchronous, so the hot path never waits on Redis. */
  increment(client: string): ClientHits {
    const count = this.countOf(client);
    count.pending += 1;
    this.dirty.add(client);
    return { totalHits: hitsOf(count), resetAtMs: this.windowStart + this.windowMs };
  }

  /**
   * Adds every client's unsynced hits in Redis and takes the totals back; resolves when done (never rejects: a failed
   * client keeps its pending hits for the next sync). Runs on the timer; tests call it to sync now.
   */
  sync(): Promise<void> {
    this.syncing ??= this.flush().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private async flush(): Promise<void> {
    this.roll();
    const windowStart = this.windowStart;
    const sends: Promise<void>[] = [];
    // A window that rolls over while answers travel starts a fresh map: late answers update counts nobody reads.
    const clients = this.dirty;
    this.dirty = new Set();
    for (const client of clients) {
      const count = this.counts.get(client);
      const hits = count?.pending ?? 0;
      if (count === undefined || hits <= 0) continue;
      count.pending -= hits;
      count.sending += hits;
      const key = `${this.options.keyStem}:{rl:${client}}:${windowStart}`;
      sends.push(
        this.redis.call('EVAL', ADD_HITS, '1', key, String(hits), String(this.windowMs * 2)).then(
          (total) => {
            // Redis' total holds every server's synced hits, these included; hits counted since are still pending.
            count.sending -= hits;
            count.shared = Math.max(count.shared, Number(total));
            this.failing = false;
          },
          (error: unknown) => {
            count.sending -= hits;
            count.pending += hits;
            this.dirty.add(client);
            if (!this.failing) this.options.onSyncError?.(error);
            this.failing = true;
          },
        ),
      );
    }
    await Promise.all(sends);
  }

  private countOf(client: string): ClientCount {
    this.roll();
    let count = this.counts.get(client);
    if (count === undefined) {
      count = { shared: 0, pending: 0, sending: 0 };
      this.counts.set(client, count);
    }
    return count;
  }

  /** Starts a new window (and forgets the last one's counts) once the clock has passed the current one. */
  private roll(): void {
    const now = this.now();
    if (now < this.windowStart + this.windowMs) return;
    this.windowStart = now - (now % this.windowMs);
    this.counts = new Map();
    this.dirty = new Set();
  }
}
