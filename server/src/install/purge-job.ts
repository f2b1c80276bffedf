// The purge queued by an uninstall: which stack's data to remove. No secret: the tokens were deleted before it was
// queued.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { defineJob } from '../queue/job-spec';
import { QUEUES } from '../queue/names';

export const purgeJobSchema = z.object({
  stackApiKey: z.string().min(1),
  installationUid: z.string().min(1),
  projectUid: z.string().min(1).optional(),
  /**
   * When the installation ended (wall clock, ms, like BullMQ's job timestamps). Jobs created later belong to a newer
   * installation of the stack and are left alone. Absent in purges queued before it existed: every job then goes.
   */
  endedAt: z.number().int().nonnegative().optional(),
});
export type PurgeJob = z.infer<typeof purgeJobSchema>;

/** One purge per installation: a retried uninstall adds nothing. Retried while the stack's jobs still run. */
export const purgeJob = defineJob({
  queue: QUEUES.purge,
  name: 'purge',
  schema: purgeJobSchema,
  options: (job) => ({
    // Hashed: the id outlives the job in BullMQ's event stream, and must not name the installation there.
    jobId: `purge-${createHash('sha256').update(job.installationUid).digest('hex').slice(0, 24)}`,
    attempts: 20,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: true,
    removeOnFail: { count: 1000 },
  }),
});
