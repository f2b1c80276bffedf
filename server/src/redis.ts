import { Redis } from 'ioredis';

/**
 * Two kinds of connection: the HTTP path fails fast when Redis is down (no offline queue, one try)
 * so the webhook is answered 503 and Contentstack retries; workers wait for Redis forever instead.
 */
export function connectForProducer(url: string): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  redis.on('error', () => undefined); // reported through /readyz and the 503s, not as an unhandled event
  return redis;
}

/** Resolves once the connection is ready (BullMQ queues built on a fail-fast connection need it up at creation). */
export async function whenReady(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve) => redis.once('ready', () => resolve()));
}

/**
 * The decision path's connection: fail-fast like the producer's, with auto-pipelining, since every page view of a
 * personalized site makes a few small reads that pipeline well.
 */
export function connectForHotPath(url: string): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 2000,
    enableAutoPipelining: true,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  redis.on('error', () => undefined); // surfaced as 500s on the requests that needed Redis
  return redis;
}

export function connectForWorker(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(times * 200, 2000) });
  redis.on('error', () => undefined);
  return redis;
}

/**
 * Removes every key matching `pattern` with SCAN + UNLINK (never KEYS: it does not block Redis), keeping those
 * `keep` refuses; returns how many went. Stores use it to forget their part of an uninstalled stack.
 */
export async function unlinkMatching(
  redis: Redis,
  pattern: string,
  doomed: (key: string) => boolean = () => true,
): Promise<number> {
  let removed = 0;
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    const chosen = found.filter(doomed);
    if (chosen.length > 0) removed += await redis.unlink(...chosen);
  } while (cursor !== '0');
  return removed;
}
