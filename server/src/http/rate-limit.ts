// Per-client rate limits of the public endpoints, counted in each process and shared through Redis in the background
// (synced-rate-store.ts) so that every HTTP server behind the load balancer shares one count per client without a
// Redis round trip per request. A client is its IP address (IPv6 per /56, express-rate-limit's `ipKeyGenerator`), as
// Express sees it behind TRUST_PROXY_HOPS proxies. Over the limit: 429 with `Retry-After`; every answer carries the
// IETF `RateLimit` / `RateLimit-Policy` headers (draft 8, as express-rate-limit 8 writes them).
//
// The middleware is ours and synchronous. express-rate-limit's own was about 60 µs of the 150 µs per request that the
// whole security layer added to GET /edge/manifest in a CPU profile of the bench server on 2 shared cores (its five
// awaits per request, its validations, and a SHA-256 of the client key for every answer's partition key). Here the
// partition key is hashed once per client and kept; the library still normalizes the address (`ipKeyGenerator`).
//
// When Redis cannot answer, the local counts keep limiting and nobody under the limit is refused (the routes behind
// need Redis too and answer 503 themselves): a limiter must not turn a Redis blip into an outage of what it protects.
import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { SyncedRateLimitStore, type ClientHits, type RedisCommands } from './synced-rate-store';

export type { RedisCommands };

/** How often each server adds its local hits in Redis: the most a client can gain per extra server is its hits in this time. */
export const RATE_LIMIT_SYNC_MS = 100;

export type LimitName = 'edge' | 'api' | 'auth' | 'webhooks';

/** Requests per client per window; 0 turns that limit off. */
export type RateLimits = Record<LimitName, number>;

/** Counts clients' hits in fixed windows (SyncedRateLimitStore in production). */
export interface HitCounter {
  init(windowMs: number): void;
  increment(client: string): ClientHits;
}

export interface RateLimitOptions {
  limits: RateLimits;
  windowMs: number;
  /** The counters per limit (one each: the limits count apart). */
  store(name: LimitName): HitCounter;
  /**
   * The client's address. Express' `req.ip` by default; with no trusted proxy the caller may pass the socket's
   * address, which is what `req.ip` answers then, without parsing X-Forwarded-For on every request.
   */
  clientAddress?: (req: Request) => string | undefined;
  log?: { warn(object: object, message: string): void };
}

const under = (req: Request, prefix: string) => req.path === prefix || req.path.startsWith(`${prefix}/`);

/** Which limit a request counts against; null for what is not public (probes, metrics). */
const BUCKETS: readonly { name: LimitName; applies(req: Request): boolean }[] = [
  { name: 'edge', applies: (req) => under(req, '/edge') },
  { name: 'auth', applies: (req) => under(req, '/api/ui/session') || under(req, '/oauth') },
  { name: 'api', applies: (req) => under(req, '/api') || under(req, '/admin') },
  { name: 'webhooks', applies: (req) => under(req, '/webhooks') },
];

/** The draft's partition key as express-rate-limit writes it: base64 of the first 12 hex digits of SHA-256(key). */
export function partitionKey(clientKey: string): string {
  return Buffer.from(createHash('sha256').update(clientKey).digest('hex').slice(0, 12)).toString('base64');
}

/** Partition keys of recent clients; cleared when full, so memory stays bounded under an address sweep. */
function partitionKeys(max = 50_000): (clientKey: string) => string {
  const known = new Map<string, string>();
  return (clientKey) => {
    let key = known.get(clientKey);
    if (key === undefined) {
      if (known.size >= max) known.clear();
      key = partitionKey(clientKey);
      known.set(clientKey, key);
    }
    return key;
  };
}

function limiter(name: LimitName, limit: number, options: RateLimitOptions): RequestHandler {
  const { log, windowMs } = options;
  const counter = options.store(name);
  counter.init(windowMs);
  const address = options.clientAddress ?? ((req: Request) => req.ip);
  const pk = partitionKeys();
  const policy = `"${name}"; q=${limit}; w=${Math.ceil(windowMs / 1000)}; pk=:`;
  const refusal = JSON.stringify({
    error: 'rate-limited',
    reason: `more than ${limit} requests in ${Math.round(windowMs / 1000)} s from this client`,
  });
  return (req, res, next) => {
    // Preflights are answered by the CORS layer before this runs; any left are free.
    if (req.method === 'OPTIONS') {
      next();
      return;
    }
    // No address (a socket already gone): one shared bucket, so the request is still counted.
    const client = ipKeyGenerator(address(req) ?? 'unknown', 56);
    const { totalHits, resetAtMs } = counter.increment(client);
    const resetSeconds = Math.max(0, Math.ceil((resetAtMs - Date.now()) / 1000));
    res.setHeader('RateLimit', `"${name}"; r=${Math.max(limit - totalHits, 0)}; t=${resetSeconds}`);
    res.setHeader('RateLimit-Policy', `${policy}${pk(client)}:`);
    if (totalHits <= limit) {
      next();
      return;
    }
    log?.warn({ limit: name, path: req.path }, 'rate limit exceeded');
    res.setHeader('Retry-After', String(resetSeconds));
    res.status(429).type('application/json').send(refusal);
  };
}

/**
 * One middleware that sends each request to the limiter of its bucket (the first that applies). Mount it before the
 * routes; limits of 0 are not mounted at all.
 */
export function rateLimits(options: RateLimitOptions): RequestHandler {
  const active = BUCKETS.flatMap((bucket) => {
    const limit = options.limits[bucket.name];
    return limit > 0 ? [{ ...bucket, handler: limiter(bucket.name, limit, options) }] : [];
  });
  return (req, res, next) => {
    const bucket = BUCKETS.find((b) => b.applies(req));
    const handler = active.find((b) => b.name === bucket?.name)?.handler;
    if (handler === undefined) {
      next();
      return;
    }
    handler(req, res, next);
  };
}

/**
 * Each limit's counters: decided in this process, shared through the deployment's Redis every `syncMs`
 * (synced-rate-store.ts), under `<prefix>:rate:<limit>:{rl:<client>}:<window start>`.
 */
export function redisRateLimitStore(
  redis: RedisCommands,
  prefix: string,
  options: { syncMs?: number; onSyncError?: (error: unknown) => void } = {},
): (name: LimitName) => SyncedRateLimitStore {
  return (name) =>
    new SyncedRateLimitStore(redis, {
      keyStem: `${prefix}:rate:${name}`,
      syncMs: options.syncMs ?? RATE_LIMIT_SYNC_MS,
      ...(options.onSyncError === undefined ? {} : { onSyncError: options.onSyncError }),
    });
}
