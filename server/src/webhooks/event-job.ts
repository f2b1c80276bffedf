// The webhook-events queue's job: a verified CMS event (entries, content types, entry variants), queued at ingest
// once per delivery. Its consumers (the assignments' coverage today) read it on the worker side.
//
// The queue itself is the delivery ledger of these events: BullMQ's deduplication key (one per delivery, expiring
// after the dedup TTL) is set by the same Lua call that adds the job, so "seen?", "queue it" and "remember it" are one
// atomic Redis round trip, and a delivery is never remembered without its job (nor queued twice within the TTL).
import { webhookEnvelopeSchema, webhookIdempotencyKey } from '@pb/shared';
import { bullId, defineJob } from '../queue/job-spec';
import { QUEUES } from '../queue/names';

/** How long a delivery is recognised as a repeat when WEBHOOK_DEDUP_TTL_SECONDS is not given (its default). */
export const DEFAULT_DEDUP_TTL_SECONDS = 86_400;

/** The deduplication id of a delivery: its idempotency key in BullMQ's id alphabet (no ':'). */
export const eventDeduplicationId = (idempotencyKey: string): string => bullId('delivery', idempotencyKey);

export const webhookEventJob = (settings: { attempts: number; dedupTtlSeconds?: number }) =>
  defineJob({
    queue: QUEUES.events,
    name: (envelope) => envelope.module,
    schema: webhookEnvelopeSchema,
    options: (envelope) => ({
      // A re-add of the same delivery within the TTL (Contentstack's retry after a lost answer) adds nothing and
      // answers the first job's id. The job's own id is given per add (http-queues.ts), so the two can be told apart.
      deduplication: {
        id: eventDeduplicationId(webhookIdempotencyKey(envelope)),
        ttl: (settings.dedupTtlSeconds ?? DEFAULT_DEDUP_TTL_SECONDS) * 1000,
      },
      attempts: settings.attempts,
      backoff: { type: 'custom' },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 10_000 },
    }),
  });
