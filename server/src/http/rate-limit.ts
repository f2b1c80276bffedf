// Per-client rate limits of the public endpoints (express-rate-limit), counted in Redis (rate-limit-redis) so that
// every HTTP server behind the load balancer shares one count per client. A client is its IP address (IPv6 per /56,
// the library's default), as Express sees it behind TRUST_PROXY_HOPS proxies. Over the limit: 429 with
// `Retry-After` and the IETF `RateLimit` / `RateLimit-Policy` headers; other clients are unaffected.
//
// When Redis cannot answer, requests pass (the routes behind need Redis too and answer 503 themselves): a limiter
// must not turn a Redis blip into an outage of the endpoints it protects.
import type { Request, RequestHandler } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';

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

/** The Redis command port the store needs (ioredis' `call`). */
export interface RedisCommands {
  call(command: string, ...args: string[]): Promise<unknown>;
}

/**
 * rate-limit-redis' store, made to recover: it loads its Lua script once and keeps the promise, so a load that failed
 * (Redis restarting when the script cache was empty) would fail every later count. After a failed count the next one
 * loads the script again first.
 */
class RecoveringRedisStore extends RedisStore {
  private reload = false;

  override async increment(key: string) {
    if (this.reload) {
      this.reload = false;
      this.incrementScriptSha = this.loadIncrementScript();
    }
    try {
      return await super.increment(key);
    } catch (error) {
      this.reload = true;
      throw error;
    }
  }
}

/** Counters under `<prefix>:rate:<limit>:<client>` in the deployment's Redis. */
export function redisRateLimitStore(redis: RedisCommands, prefix: string): (name: LimitName) => Store {
  return (name) =>
    new RecoveringRedisStore({
      prefix: `${prefix}:rate:${name}:`,
      sendCommand: async (command: string, ...args: string[]) => (await redis.call(command, ...args)) as RedisReply,
    });
}
