// The one wrapper every processor runs in, so the error taxonomy (shared/src/core/errors.ts) means the same on
// every queue:
//   data that does not match the job's schema → a dead letter ('invalid-payload'), never retried;
//   a permanent error                         → a dead letter with its reason, then UnrecoverableError (no retry);
//   the last attempt failed                   → a dead letter ('attempts-exhausted'), then the error (job failed);
//   anything else                             → rethrown: BullMQ retries after `retryDelayMs` (queue/backoff.ts).
import { UnrecoverableError, type Job } from 'bullmq';
import type { z } from 'zod';
import { invalidPayload, isAppError, isPermanentError, parseWith } from '@pb/shared';
import type { DeadLetterStore } from './dead-letters';
import type { QueueName } from './names';

export interface ProcessedJob<T> {
  data: T;
  job: Job;
}

export function processJobs<S extends z.ZodType, R>(
  kind: { queue: QueueName; schema: S },
  deadLetters: DeadLetterStore,
  handle: (data: z.infer<S>, job: Job) => Promise<R>,
): (job: Job) => Promise<R> {
  return async (job) => {
    try {
      const parsed = parseWith(kind.schema, job.data);
      if (!parsed.ok) throw invalidPayload(`${kind.queue} job ${String(job.id)}`, parsed.detail);
      return await handle(parsed.value, job);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const permanent = isPermanentError(error) || error instanceof UnrecoverableError;
      const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (permanent || last) {
        const invalid = isAppError(error) && error.reason === 'invalid-payload';
        await deadLetters.record({
          queue: kind.queue,
          jobId: job.id ?? 'unknown',
          name: job.name,
          data: job.data as unknown,
          reason,
          kind: invalid ? 'invalid-payload' : permanent ? 'permanent' : 'attempts-exhausted',
          attempts: job.attemptsMade + 1,
          failedAt: new Date().toISOString(),
        });
      }
      if (permanent && !(error instanceof UnrecoverableError)) throw new UnrecoverableError(reason);
      throw error;
    }
  };
}
