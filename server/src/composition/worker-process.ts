// The worker process's composition root (`npm run worker` → main-worker.ts; tests start it in-process). It builds
// the infrastructure once — one Redis connection, one queue registry, one request budget, the stores — hands each
// feature its settings and ports, and runs what the features contribute: the mirror (guard runs, sweep, poll), the
// assignments (recompute, coverage) and the installation purge.
import type { Logger } from 'pino';
import type { Config } from '../config';
import { connectForWorker } from '../redis';
import { createBudget } from '../budget/request-budget';
import { QueueRegistry } from '../queue/registry';
import { DeadLetterStore } from '../queue/dead-letters';
import { ALL_QUEUES } from '../queue/names';
import { WorkerCounters, workerCountersKey } from '../metrics';
import type { CallObserver } from '../clients/call-observer';
import type { InstallationDirectory } from '../installations';
import { createInstallations } from '../install/wiring';
import { installWorkers } from '../install/feature';
import { MirrorState } from '../mirror/mirror-state';
import { mirrorWorkers } from '../mirror/feature';
import { stackSweepJob } from '../mirror/jobs';
import { assignmentKeys } from '../assignments/keys';
import { RedisTableStore } from '../assignments/table-store';
import { assignmentsServing, assignmentsWorkers } from '../assignments/feature';
import { installationDataOwners } from './data-owners';
import { mirrorPorts } from './mirror-ports';
import { runWorkers } from './run-workers';
import { assignmentsSettings, budgetSettings, clientSettings, mirrorSettings, workerSettings } from './settings';

export interface WorkerRuntime {
  /** Stops taking jobs and waits for active ones, at most `deadlineMs`; then force-closes. */
  close(deadlineMs?: number): Promise<void>;
}

export interface WorkerRuntimeOptions {
  installations?: InstallationDirectory;
}

export async function startWorkerRuntime(
  config: Config,
  log: Logger,
  options: WorkerRuntimeOptions = {},
): Promise<WorkerRuntime> {
  const prefix = config.QUEUE_PREFIX;
  const redis = connectForWorker(config.redis);
  const registry = new QueueRegistry(redis, {
    prefix,
    onError: (queue, e) => log.warn({ queue, err: e.message }, 'queue error'),
  });
  const deadLetters = DeadLetterStore.forPrefix(redis, prefix);
  const counters = new WorkerCounters(redis, workerCountersKey(prefix));
  const budget = createBudget(redis, prefix, budgetSettings(config));
  // The installed stacks (app tokens refreshed before they expire) plus the operator-configured one, if any.
  const installations = options.installations ?? createInstallations(config, redis, { budget, log }).directory;
  const state = new MirrorState(redis, prefix);
  const tables = new RedisTableStore(redis, assignmentKeys(prefix));
  const observer: CallObserver = (call) => {
    counters.add('pb_external_calls_total', { service: call.service, status: String(call.status ?? 'none') });
    if (call.status === 429) counters.add('pb_external_rate_limited_total', { service: call.service });
  };
  const assignments = assignmentsSettings(config);

  const features = [
    mirrorWorkers({
      registry,
      deadLetters,
      installations,
      ports: mirrorPorts(clientSettings(config), budget, observer),
      state,
      // The mirror reports changes of what is served; the assignments engine recomputes on them.
      serving: assignmentsServing(registry, assignments),
      counters,
      log,
      settings: mirrorSettings(config),
    }),
    assignmentsWorkers({ registry, deadLetters, installations, budget, store: tables, log, settings: assignments }),
    installWorkers({
      redis,
      registry,
      deadLetters,
      owners: installationDataOwners({ redis, prefix, registry, mirror: state, tables, deadLetters }),
      installations,
      // Reinstalled before the purge ran: the new installation is swept from nothing (re-guarded, recomputed).
      reinstalled: async (stackApiKey) => {
        await registry.enqueue(stackSweepJob, { stackApiKey });
      },
      log,
    }),
  ];
  const running = runWorkers(features, { connection: redis, registry, settings: workerSettings(config), log });
  // The schedules live in Redis. They are written at start and again whenever the connection comes back, since a
  // Redis that restarted without its data (no persistence, a failover to an empty replica) has forgotten them, and
  // without the poll no change in Personalize would be seen again. Upserting is idempotent.
  await running.writeSchedules();
  redis.on('ready', () => {
    running.writeSchedules().then(
      () => log.info('schedules written again after Redis reconnected'),
      (error: unknown) => log.warn({ err: String(error) }, 'schedules not written after the reconnect'),
    );
  });
  log.info({ queues: ALL_QUEUES, concurrency: config.WORKER_CONCURRENCY }, 'workers started');
  return {
    async close(deadlineMs) {
      await running.close(deadlineMs);
      await registry.close();
      redis.disconnect();
    },
  };
}
