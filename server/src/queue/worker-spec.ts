// What a feature contributes to the worker process: the processors of its queues and its schedules. The composition
// root turns them into BullMQ workers with the engine's one set of worker options and the one failure wrapper.
import type { Job } from 'bullmq';
import type { QueueName } from './names';

export interface WorkerSpec {
  queue: QueueName;
  /** Already wrapped with `processJobs` (queue/processor.ts): failures follow the taxonomy. */
  process: (job: Job) => Promise<unknown>;
  concurrency: number;
}

/** A repeatable job, written to Redis at start and again after Redis reconnects (upserting is idempotent). */
export interface ScheduleSpec {
  queue: QueueName;
  id: string;
  everyMs: number;
  job: { name: string; data: Record<string, unknown>; opts: { attempts: number } & Record<string, unknown> };
}

export interface FeatureWorkers {
  workers: WorkerSpec[];
  /** Schedules to (re)write: a function, since some depend on what is installed when they are written. */
  schedules(): Promise<ScheduleSpec[]>;
}
