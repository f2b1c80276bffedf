import { Redis } from 'ioredis';

/**
 * Two kinds of connection (sharp-edges.md): the HTTP path fails fast when Redis is down (no offline queue, one try)
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

export function connectForWorker(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(times * 200, 2000) });
  redis.on('error', () => undefined);
  return redis;
}
