// The Redis every test and bench shares, and how each cleans up after itself. `npm test` and `npm run bench` set
// REDIS_URL (a reachable one, or a private redis-server: scripts/lib/redis.mjs); the default is for running one file
// by hand against a redis-server you started on 6399.
import { Redis } from 'ioredis';

export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6399';

/**
 * A harness's own connection (for reading what the app wrote and for cleaning up): a command fails after one retry
 * instead of hanging, and a connection error is the test's to observe through its commands, not an unhandled event
 * (tests that stop Redis on purpose would otherwise crash the run).
 */
export function harnessConnection(url: string = REDIS_URL): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  return redis;
}

/**
 * The keys under `<prefix>:` (each test owns a random prefix), a SCAN batch at a time: SCAN, not KEYS, so a Redis
 * holding a bench's million keys is not blocked while it answers.
 */
export async function* keysUnder(redis: Redis, prefix: string, batch = 1000): AsyncGenerator<string[]> {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', batch);
    cursor = next;
    if (found.length > 0) yield found;
  } while (cursor !== '0');
}

/** Deletes every key under `<prefix>:`; UNLINK frees their memory off Redis' main thread. */
export async function removePrefix(redis: Redis, prefix: string, batch = 1000): Promise<void> {
  for await (const keys of keysUnder(redis, prefix, batch)) await redis.unlink(...keys);
}
