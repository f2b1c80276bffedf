import type { Redis } from 'ioredis';
import type { DeliveryLedger } from './ingest';

/** Deliveries seen recently, one expiring key each (the TTL bounds memory; Contentstack stops retrying in minutes). */
export function createRedisLedger(redis: Redis, keyFor: (key: string) => string, ttlSeconds: number): DeliveryLedger {
  return {
    async seen(key) {
      return (await redis.exists(keyFor(key))) === 1;
    },
    async remember(key) {
      await redis.set(keyFor(key), '1', 'EX', ttlSeconds);
    },
  };
}
