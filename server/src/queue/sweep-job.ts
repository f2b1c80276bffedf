// A sweep job: the scheduled one sweeps every installation; one queued when a stack is authorized sweeps only it, so a
// stack installed with experiences already running is mirrored at once instead of at the next scheduled sweep.
import { z } from 'zod';

export const sweepJobSchema = z.object({ stackApiKey: z.string().min(1).optional() });
export type SweepJob = z.infer<typeof sweepJobSchema>;

/** A stack's own sweep: retried on transient failures (the custom backoff honours Retry-After). */
export const STACK_SWEEP_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'custom' },
  removeOnComplete: true,
  removeOnFail: { count: 100 },
} as const;
