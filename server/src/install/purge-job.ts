// The purge queued by an uninstall: which stack's data to remove. No secret: the tokens were deleted before it was queued.
import { z } from 'zod';

export const purgeJobSchema = z.object({
  stackApiKey: z.string().min(1),
  installationUid: z.string().min(1),
  projectUid: z.string().min(1).optional(),
});
export type PurgeJob = z.infer<typeof purgeJobSchema>;
