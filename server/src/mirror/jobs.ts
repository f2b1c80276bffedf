// The mirror's jobs. A guard run per experience (`mirror`), the sweep (scheduled over every installation, or queued
// for one stack when it is authorized, so a stack installed with experiences already running is guarded at once) and
// the poll (scheduled; it finds changes, since Personalize sends no webhooks).
import { z } from 'zod';
import { mirrorDedupId, mirrorJobSchema } from '@pb/shared';
import { defineJob } from '../queue/job-spec';
import { QUEUES } from '../queue/names';
import type { ScheduleSpec } from '../queue/worker-spec';

export interface MirrorJobSettings {
  /** Attempts of a guard run (JOB_ATTEMPTS). */
  attempts: number;
}

export const mirrorJob = (settings: MirrorJobSettings) =>
  defineJob({
    queue: QUEUES.mirror,
    name: 'mirror',
    schema: mirrorJobSchema,
    options: (job) => ({
      // Latest wins and never two runs for one experience: one active plus one waiting per experience. The job
      // re-reads the source of truth, so dropping an intermediate trigger loses nothing.
      deduplication: { id: mirrorDedupId(job.projectUid, job.experienceUid), keepLastIfActive: true },
      attempts: settings.attempts,
      backoff: { type: 'custom' },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 10_000 },
    }),
  });

export const sweepJobSchema = z.object({ stackApiKey: z.string().min(1).optional() });
export type SweepJob = z.infer<typeof sweepJobSchema>;

/** A stack's own sweep: retried on transient failures (the custom backoff honours Retry-After). */
export const stackSweepJob = defineJob({
  queue: QUEUES.sweep,
  name: 'sweep',
  schema: sweepJobSchema,
  options: () => ({ attempts: 5, backoff: { type: 'custom' }, removeOnComplete: true, removeOnFail: { count: 100 } }),
});

export const pollJobSchema = z.object({});

export const sweepSchedule = (everyMs: number): ScheduleSpec => ({
  queue: QUEUES.sweep,
  id: 'mirror-sweep',
  everyMs,
  job: {
    name: 'sweep',
    data: {},
    opts: { attempts: 3, backoff: { type: 'custom' }, removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 } },
  },
});

/** A poll that fails is simply the next one's to do: no retries, and only the latest few are kept. */
export const pollSchedule = (everyMs: number): ScheduleSpec => ({
  queue: QUEUES.poll,
  id: 'mirror-poll',
  everyMs,
  job: { name: 'poll', data: {}, opts: { attempts: 1, removeOnComplete: { count: 10 }, removeOnFail: { count: 100 } } },
});
