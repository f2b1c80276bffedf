// Payloads of the jobs the mirror engine queues, validated on both sides of the queue.
import { z } from 'zod';

export const mirrorJobSchema = z.object({
  stackApiKey: z.string().min(1),
  projectUid: z.string().min(1),
  experienceUid: z.string().min(1),
  /** Why the mirror was queued (logs and metrics only: the job re-reads the source of truth). */
  trigger: z.enum(['poll', 'sweep', 'manual']),
});
export type MirrorJob = z.infer<typeof mirrorJobSchema>;

/** Queued once per experience version that became ACTIVE, once its CMS variants exist; processed by the assignments engine. */
export const recomputeAssignmentsJobSchema = z.object({
  stackApiKey: z.string().min(1),
  projectUid: z.string().min(1),
  experienceUid: z.string().min(1),
  experienceShortUid: z.string().min(1),
  versionUid: z.string().min(1),
  variantGroupUid: z.string().min(1),
  /** CMS variant uid per Personalize variant short uid, as mirrored. */
  variants: z.record(z.string(), z.string()),
  activatedAt: z.iso.datetime(),
});
export type RecomputeAssignmentsJob = z.infer<typeof recomputeAssignmentsJobSchema>;

/** BullMQ ids and deduplication keys may not contain ':' nor be all digits. */
export function mirrorDedupId(projectUid: string, experienceUid: string): string {
  return `mirror-${projectUid}-${experienceUid}`.replace(/:/g, '_');
}

export function recomputeJobId(experienceUid: string, versionUid: string): string {
  return `recompute-${experienceUid}-${versionUid}`.replace(/:/g, '_');
}
