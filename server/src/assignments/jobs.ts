// What the recompute-assignments queue carries: a project refresh, queued by the sync guard when what is served
// changes (an activation, a pause, a resume, a remap, a deletion) and by operators; at most one waits per project,
// since each rereads everything. A per-version job (recomputeAssignmentsJobSchema, shared) is still accepted from
// queues written by earlier versions. Either way the job recomputes the whole project from the source of truth, so jobs are idempotent and
// order-insensitive.
import type { Job, JobsOptions, Queue } from 'bullmq';
import { recomputeAssignmentsJobSchema } from '@pb/shared';
import { z } from 'zod';

export const projectRefreshJobSchema = z.object({
  stackApiKey: z.string().min(1),
  projectUid: z.string().min(1),
  /** The experience that changed, when one did (its coverage is read again). */
  experienceUid: z.string().min(1).optional(),
  reason: z.enum(['activate', 'pause', 'resume', 'remap', 'delete', 'priority', 'manual', 'sweep']),
});
export type ProjectRefreshJob = z.infer<typeof projectRefreshJobSchema>;

export const recomputeJobSchema = z.union([recomputeAssignmentsJobSchema, projectRefreshJobSchema]);
export type RecomputeJob = z.infer<typeof recomputeJobSchema>;

/** Queues a project refresh. One waiting refresh per project suffices (each rereads everything); ids avoid ':'. */
export async function enqueueProjectRefresh(queue: Queue, job: ProjectRefreshJob): Promise<Job> {
  const payload = projectRefreshJobSchema.parse(job);
  return queue.add('refresh-assignments', payload, refreshJobOptions(payload.projectUid));
}

export function refreshJobOptions(projectUid: string): JobsOptions {
  return {
    // One active plus the latest waiting per project: a waiting refresh already covers any later trigger.
    deduplication: { id: `refresh-${projectUid}`.replace(/:/g, '_'), keepLastIfActive: true },
    attempts: 10,
    backoff: { type: 'custom' },
    removeOnComplete: { count: 1000 },
    removeOnFail: { count: 10_000 },
  };
}
