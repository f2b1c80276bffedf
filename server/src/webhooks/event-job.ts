// The webhook-events queue's job: a verified CMS event (entries, content types, entry variants), queued at ingest
// once per delivery. Its consumers (the assignments' coverage today) read it on the worker side.
import { webhookEnvelopeSchema, webhookIdempotencyKey } from '@pb/shared';
import { bullId, defineJob } from '../queue/job-spec';
import { QUEUES } from '../queue/names';

export const webhookEventJob = (settings: { attempts: number }) =>
  defineJob({
    queue: QUEUES.events,
    name: (envelope) => envelope.module,
    schema: webhookEnvelopeSchema,
    options: (envelope) => ({
      // The delivery's idempotency key: a re-add of the same delivery (a retry after a lost answer) is a no-op.
      jobId: bullId('event', webhookIdempotencyKey(envelope)),
      attempts: settings.attempts,
      backoff: { type: 'custom' },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 10_000 },
    }),
  });
