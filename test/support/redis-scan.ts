// Reads every key under a prefix, whatever its type, and reports the keys whose name or content mentions one of the
// given needles — how the uninstall tests prove that no data of an installation is left behind.
import type { RedisClient } from '@pb/server/redis';
import { keysUnder } from './redis';

async function contentOf(redis: RedisClient, key: string): Promise<string> {
  const type = await redis.type(key);
  switch (type) {
    case 'string':
      return (await redis.get(key)) ?? '';
    case 'hash':
      return JSON.stringify(await redis.hgetall(key));
    case 'set':
      return JSON.stringify(await redis.smembers(key));
    case 'zset':
      return JSON.stringify(await redis.zrange(key, '0', '-1', 'WITHSCORES'));
    case 'list':
      return JSON.stringify(await redis.lrange(key, 0, -1));
    case 'stream':
      return JSON.stringify(await redis.xrange(key, '-', '+'));
    default:
      return '';
  }
}

export async function keysMentioning(
  redis: RedisClient,
  prefix: string,
  needles: readonly string[],
): Promise<string[]> {
  const found: string[] = [];
  for await (const keys of keysUnder(redis, prefix)) {
    for (const key of keys) {
      const text = key + (await contentOf(redis, key));
      const hits = needles.filter((n) => text.includes(n));
      if (hits.length > 0) found.push(`${key} (${hits.join(', ')})`);
    }
  }
  return found.sort();
}

/** Every key under the prefix (for "something was written" checks). */
export async function allKeys(redis: RedisClient, prefix: string): Promise<string[]> {
  const all: string[] = [];
  for await (const keys of keysUnder(redis, prefix)) all.push(...keys);
  return all.sort();
}
