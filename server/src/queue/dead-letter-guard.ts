// Maps the one error taxonomy to queue semantics, once, for every processor:
//   permanent (or an unreadable payload) → a dead letter with the reason, then UnrecoverableError (no retry);
//   last attempt failed                  → a dead letter, then the error (BullMQ marks the job failed);
//   anything else                        → rethrown: BullMQ retries after `retryDelayMs`.
import { UnrecoverableError, type Job } from 'bullmq';
import { ZodError } from 'zod';
import type { DeadLetterStore } from './dead-letters';
import { isPermanent } from './backoff';

export function withDeadLetters<T>(
  queue: string,
  deadLetters: DeadLetterStore,
  process: (job: Job) => Promise<T>,
): (job: Job) => Promise<T> {
  return async (job) => {
    try {
      return await process(job);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const invalid = error instanceof ZodError;
      const permanent = invalid || isPermanent(error) || error instanceof UnrecoverableError;
      const attempts = job.opts.attempts ?? 1;
      const last = job.attemptsMade + 1 >= attempts;
      if (permanent || last) {
        await deadLetters.record({
          queue,
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
