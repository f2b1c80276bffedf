// Turns the features' worker specs into BullMQ workers with the engine's one set of worker options (one retry
// policy, one stalled-job policy), and writes their schedules.
import { Worker } from 'bullmq';
import type { Logger } from 'pino';
import { retryDelayMs, type BackoffPolicy } from '../queue/backoff';
import type { QueueRegistry } from '../queue/registry';
import { queuePrefix } from '../queue/names';
import type { FeatureWorkers } from '../queue/worker-spec';
import type { RedisClient } from '../redis';

export interface WorkerSettings {
  prefix: string;
  lockMs: number;
  stalledCheckMs: number;
  backoff: BackoffPolicy;
  shutdownDeadlineMs: number;
}

export interface RunningWorkers {
  workers: readonly Worker[];
  /** Writes every feature's schedules (at start, and again when Redis comes back without them). */
  writeSchedules(): Promise<void>;
  /** Stops taking jobs and waits for active ones, at most `deadlineMs`; then force-closes. */
  close(deadlineMs?: number): Promise<void>;
}

export function runWorkers(
  features: readonly FeatureWorkers[],
  deps: { connection: RedisClient; registry: QueueRegistry; settings: WorkerSettings; log: Logger },
): RunningWorkers {
  const { settings, log } = deps;
  const workers = features.flatMap((feature) =>
    feature.workers.map(
      (spec) =>
        new Worker(spec.queue, spec.process, {
          connection: deps.connection,
          prefix: queuePrefix(settings.prefix, spec.queue),
          concurrency: spec.concurrency,
          lockDuration: settings.lockMs,
          stalledInterval: settings.stalledCheckMs,
          maxStalledCount: 5,
          settings: {
            // Jobs with `backoff: {type: 'custom'}` obey Retry-After (the engine's one retry policy, queue/backoff.ts).
            backoffStrategy: (attemptsMade: number, _type?: string, error?: Error) =>
              retryDelayMs(attemptsMade, error, settings.backoff),
          },
        }),
    ),
  );
  for (const worker of workers) {
    worker.on('error', (e) => log.warn({ queue: worker.name, err: e.message }, 'worker error'));
    worker.on('failed', (job, error) =>
      log.warn({ queue: worker.name, jobId: job?.id, attempts: job?.attemptsMade, err: error.message }, 'job failed'),
    );
  }
  return {
    workers,
    async writeSchedules() {
      for (const feature of features)
        for (const schedule of await feature.schedules()) await deps.registry.schedule(schedule);
    },
    async close(deadlineMs = settings.shutdownDeadlineMs) {
      // worker.close() waits for active jobs with no limit: race it against the deadline, then force.
      const graceful = Promise.all(workers.map((w) => w.close()));
      const timedOut = await Promise.race([
        graceful.then(() => false),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(true), deadlineMs).unref()),
      ]);
      if (timedOut) {
        log.warn({ deadlineMs }, 'shutdown deadline passed: closing workers forcibly (their jobs will be recovered)');
        await Promise.all(workers.map((w) => w.close(true)));
      }
    },
  };
}
