// Per-client rate limits of the public endpoints (express-rate-limit), counted in each process and shared through
// Redis in the background (synced-rate-store.ts) so that every HTTP server behind the load balancer shares one count
// per client without a Redis round trip per request. A client is its IP address (IPv6 per /56,
// the library's default), as Express sees it behind TRUST_PROXY_HOPS proxies. Over the limit: 429 with
// `Retry-After` and the IETF `RateLimit` / `RateLimit-Policy` headers; other clients are unaffected.
//
// When Redis cannot answer, the local counts keep limiting and nobody under the limit is refused (the routes behind
// need Redis too and answer 503 themselves): a limiter must not turn a Redis blip into an outage of what it protects.
import type { Request, RequestHandler } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import { SyncedRateLimitStore, type RedisCommands } from './synced-rate-store';

export type { RedisCommands };

/** How often each server adds its local hits in Redis: the most a client can gain per extra server is its hits in this time. */
export const RATE_LIMIT_SYNC_MS = 100;

export type LimitName = 'edge' | 'api' | 'auth' | 'webhooks';

/** Requests per client per window; 0 turns that limit off. */
export type RateLimits = Record<LimitName, number>;

export interface RateLimitOptions {
  limits: RateLimits;
  windowMs: number;
  /** The counters' store per limit (one store per limiter: the library refuses to share one). */
  store(name: LimitName): Store;
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

function limiter(name: LimitName, limit: number, options: RateLimitOptions): RequestHandler {
  const { log } = options;
  return rateLimit({
    windowMs: options.windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: name,
    store: options.store(name),
    passOnStoreError: true,
    // Preflights are answered by the CORS layer before this runs; any left are free.
    skip: (req) => req.method === 'OPTIONS',
    handler: (req, res, _next, used) => {
      log?.warn({ limit: name, path: req.path }, 'rate limit exceeded');
      res.status(used.statusCode).json({
        error: 'rate-limited',
        reason: `more than ${limit} requests in ${Math.round(options.windowMs / 1000)} s from this client`,
      });
    },
    logger: {
      error: (error: unknown, message?: string) =>
        log?.warn(
          { limit: name, err: error instanceof Error ? error.message : String(error) },
          message ?? 'rate limiter',
        ),
      warn: (error: unknown, message?: string) =>
        log?.warn(
          { limit: name, err: error instanceof Error ? error.message : String(error) },
          message ?? 'rate limiter',
        ),
    },
  });
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
    void handler(req, res, next);
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
