// What the recompute-assignments queue carries: a project refresh, queued through the mirror's serving port when
// what is served changes (an activation, a pause, a resume, a remap, a deletion), by the scheduled refresh and by
// operators; at most one waits per project, since each rereads everything. A per-version job
// (recomputeAssignmentsJobSchema, shared) is still accepted from queues written by earlier versions. Either way the
// job recomputes the whole project from the source of truth, so jobs are idempotent and order-insensitive.
import { recomputeAssignmentsJobSchema } from '@pb/shared';
import { z } from 'zod';
import { bullId, defineJob } from '../queue/job-spec';
import { QUEUES } from '../queue/names';
import type { ScheduleSpec } from '../queue/worker-spec';

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

export const projectRefreshJob = defineJob({
  queue: QUEUES.recompute,
  name: 'refresh-assignments',
  schema: projectRefreshJobSchema,
  options: (job) => ({
    // One active plus the latest waiting per project: a waiting refresh already covers any later trigger.
    deduplication: { id: bullId('refresh', job.projectUid), keepLastIfActive: true },
    attempts: 10,
    backoff: { type: 'custom' },
    removeOnComplete: { count: 1000 },
    removeOnFail: { count: 10_000 },
  }),
});

/** The id of a project's periodic refresh (uninstall removes it by this id). */
export function assignmentsSchedulerId(projectUid: string): string {
  return bullId('assignments-sweep', projectUid);
}

/** The periodic refresh of one project: the safety net for a lost trigger. */
export const projectRefreshSchedule = (
  installation: { stackApiKey: string; projectUid: string },
  everyMs: number,
): ScheduleSpec => ({
  queue: QUEUES.recompute,
  id: assignmentsSchedulerId(installation.projectUid),
  everyMs,
  job: {
    name: 'refresh-assignments',
    data: projectRefreshJobSchema.parse({
      stackApiKey: installation.stackApiKey,
      projectUid: installation.projectUid,
      reason: 'sweep',
    }),
    opts: { attempts: 3, backoff: { type: 'custom' }, removeOnComplete: { count: 100 } },
  },
});
