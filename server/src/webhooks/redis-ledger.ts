// Deliveries seen recently, one expiring key each (the TTL bounds memory; Contentstack stops retrying in minutes).
// The ledger owns its keys, and forgets a stack's markers when the stack is uninstalled.
import { type RedisClient, unlinkMatching } from '../redis';
import type { DeliveryLedger } from './ingest';

export const seenDeliveryKey = (prefix: string, idempotencyKey: string): string =>
  `${prefix}:webhook-seen:${idempotencyKey}`;

export function createRedisLedger(redis: RedisClient, prefix: string, ttlSeconds: number): DeliveryLedger {
  return {
    async seen(key) {
      return (await redis.exists(seenDeliveryKey(prefix, key))) === 1;
    },
    async remember(key) {
      await redis.set(seenDeliveryKey(prefix, key), '1', 'EX', ttlSeconds);
    },
  };
}

/** Removes the stack's delivery markers; returns how many went. */
export function forgetDeliveries(redis: RedisClient, prefix: string, stackApiKey: string): Promise<number> {
  // A marker names the stack's api key as one `|`-separated, URI-encoded part (webhookIdempotencyKey).
  const part = `|${encodeURIComponent(stackApiKey)}|`;
  return unlinkMatching(redis, seenDeliveryKey(prefix, '*'), (key) => key.includes(part));
}
