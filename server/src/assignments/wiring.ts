// Composes the recompute-assignments worker from configuration, so the worker runtime registers it in one call.
import { Queue, Worker, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { RequestBudget } from '../budget/request-budget';
import type { Config } from '../config';
import { retryDelayMs } from '../queue/backoff';
import type { Installation, InstallationDirectory } from '../installations';
import { QUEUES } from '../queue/names';
import { createCoverageReader, createPersonalizeReader } from './http-sources';
import { projectRefreshJobSchema } from './jobs';
import { assignmentKeys } from './keys';
import { recomputeProcessor, type RecomputePortsFactory } from './recompute-processor';
import { RedisTableStore } from './table-store';

/** The id of a project's periodic refresh (uninstall removes it by this id). */
export function assignmentsSchedulerId(projectUid: string): string {
  return `assignments-sweep-${projectUid}`.replace(/:/g, '_');
}

export function recomputePorts(
  config: Pick<Config, 'personalizeUrl' | 'cmaUrl' | 'HTTP_TIMEOUT_MS'>,
  budget: RequestBudget,
): RecomputePortsFactory {
  return (installation) => {
    const common = {
      organizationUid: installation.organizationUid,
      auth: installation.auth,
      budget,
      timeoutMs: config.HTTP_TIMEOUT_MS,
    };
    return {
      personalize: createPersonalizeReader({
        ...common,
        baseUrl: config.personalizeUrl,
        projectUid: installation.projectUid,
      }),
      coverage: createCoverageReader({
        ...common,
        baseUrl: config.cmaUrl,
        stackApiKey: installation.stackApiKey,
      }),
    };
  };
}

/**
 * The worker of the recompute-assignments queue. One job at a time: each rereads the whole project anyway. A
 * scheduled refresh of every installed project (every `sweepMs`) is the safety net for a lost trigger.
 */
export function startRecomputeWorker(deps: {
  config: Pick<
    Config,
    'personalizeUrl' | 'cmaUrl' | 'HTTP_TIMEOUT_MS' | 'QUEUE_PREFIX' | 'BACKOFF_BASE_MS' | 'BACKOFF_MAX_MS'
  >;
  redis: Redis;
  budget: RequestBudget;
  installations: InstallationDirectory;
  log: Logger;
  workerOptions?: Omit<WorkerOptions, 'connection' | 'prefix' | 'concurrency'>;
  /** Interval of the scheduled refresh; 0 disables it. */
  sweepMs?: number;
}): {
  worker: Worker;
  schedule(): Promise<void>;
  scheduleFor(installation: Pick<Installation, 'stackApiKey' | 'projectUid'>): Promise<void>;
} {
  const store = new RedisTableStore(deps.redis, assignmentKeys(deps.config.QUEUE_PREFIX));
  const worker = new Worker(
    QUEUES.recompute,
    recomputeProcessor({
      installations: deps.installations,
      ports: recomputePorts(deps.config, deps.budget),
      store,
      log: deps.log,
    }),
    {
      // Jobs with `backoff: {type: 'custom'}` obey Retry-After (the engine's one retry policy, queue/backoff.ts).
      settings: {
        backoffStrategy: (attemptsMade: number, _type?: string, error?: Error) =>
          retryDelayMs(attemptsMade, error, {
            baseMs: deps.config.BACKOFF_BASE_MS,
            maxMs: deps.config.BACKOFF_MAX_MS,
          }),
      },
      ...deps.workerOptions,
      connection: deps.redis,
      prefix: deps.config.QUEUE_PREFIX,
      concurrency: 1,
    },
  );
  worker.on('error', (e) => deps.log.warn({ err: e.message }, 'recompute worker error'));
  return {
    worker,
    async schedule() {
      for (const installation of await deps.installations.list()) await this.scheduleFor(installation);
    },
    /** The periodic refresh of one installation's project (at boot for all; on authorization for a new one). */
    async scheduleFor(installation) {
      if (deps.sweepMs === undefined || deps.sweepMs === 0) return;
      const queue = new Queue(QUEUES.recompute, { connection: deps.redis, prefix: deps.config.QUEUE_PREFIX });
      try {
        const data = projectRefreshJobSchema.parse({
          stackApiKey: installation.stackApiKey,
          projectUid: installation.projectUid,
          reason: 'sweep',
        });
        await queue.upsertJobScheduler(
          assignmentsSchedulerId(installation.projectUid),
          { every: deps.sweepMs },
          {
            name: 'refresh-assignments',
            data,
            opts: { attempts: 3, backoff: { type: 'custom' }, removeOnComplete: { count: 100 } },
          },
        );
      } finally {
        await queue.close();
      }
    },
  };
}
