// App-lifecycle deliveries seen recently, one expiring key each (the TTL bounds memory; Contentstack stops retrying
// in minutes), hash-tagged by stack (`{stk:<api key>}`, one Redis Cluster slot per stack). CMS events need no marker
// here: their queue deduplicates them in the same call that queues them (event-job.ts). The ledger forgets a stack's
// markers, and the events queue's deduplication keys of that stack, when the stack is uninstalled.
import { type RedisClient, unlinkMatching } from '../redis';
import type { DeliveryLedger } from './ingest';

export const seenDeliveryKey = (prefix: string, stackApiKey: string, idempotencyKey: string): string =>
  `${prefix}:webhook-seen:{stk:${stackApiKey}}:${idempotencyKey}`;

export function createRedisLedger(redis: RedisClient, prefix: string, ttlSeconds: number): DeliveryLedger {
  return {
    async seen(stackApiKey, key) {
      return (await redis.exists(seenDeliveryKey(prefix, stackApiKey, key))) === 1;
    },
    async remember(stackApiKey, key) {
      await redis.set(seenDeliveryKey(prefix, stackApiKey, key), '1', 'EX', ttlSeconds);
    },
  };
}

/**
 * Removes the stack's delivery markers and its events' deduplication keys (under `eventDedupStem`, the events
 * queue's `…:de` key, whose ids carry the idempotency key); returns how many went.
 */
export async function forgetDeliveries(
  redis: RedisClient,
  prefix: string,
  stackApiKey: string,
  eventDedupStem: string,
): Promise<number> {
  const markers = await unlinkMatching(redis, seenDeliveryKey(prefix, stackApiKey, '*'));
  // An idempotency key names the stack's api key as one `|`-separated, URI-encoded part (webhookIdempotencyKey).
  const part = `|${encodeURIComponent(stackApiKey)}|`;
  return markers + (await unlinkMatching(redis, `${eventDedupStem}:*`, (key) => key.includes(part)));
}
