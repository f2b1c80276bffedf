// The purge queued by an uninstall: which stack's data to remove. No secret: the tokens were deleted before it was queued.
import { z } from 'zod';

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
