// A kind of job, described once by the feature that owns it: which queue carries it, the job's name, the schema of
// its data (checked when it is queued and again when it runs) and its BullMQ options (ids, deduplication, retries).
import type { JobsOptions } from 'bullmq';
import type { z } from 'zod';
import type { QueueName } from './names';

export interface JobSpec<S extends z.ZodType = z.ZodType> {
  queue: QueueName;
  /** The job's name in BullMQ (dashboards show it); derived from the data when one queue carries several kinds. */
  name: string | ((data: z.infer<S>) => string);
  schema: S;
  /** Options of one job from its (parsed) data: ids and deduplication keys are derived from it. */
  options(data: z.infer<S>): JobsOptions;
}

/** Declares a job spec with its data type inferred from the schema. */
export function defineJob<S extends z.ZodType>(spec: JobSpec<S>): JobSpec<S> {
  return spec;
}

/** BullMQ ids and deduplication ids may not contain ':' (it separates BullMQ's own key parts). */
export function bullId(...parts: string[]): string {
  return parts.join('-').replace(/:/g, '_');
}
