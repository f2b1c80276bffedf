// What the installation side contributes to the worker process: the purge of uninstalled installations.
import type { Logger } from 'pino';
import type { InstallationDirectory } from '../installations';
import type { DeadLetterStore } from '../queue/dead-letters';
import { QUEUES } from '../queue/names';
import { processJobs } from '../queue/processor';
import type { QueueRegistry } from '../queue/registry';
import type { FeatureWorkers } from '../queue/worker-spec';
import type { InstallationDataOwner } from './purge';
import { purgeJob } from './purge-job';
import { purgeProcessor } from './purge-processor';
import type { RedisClient } from '../redis';

export function installWorkers(deps: {
  redis: RedisClient;
  registry: QueueRegistry;
  deadLetters: DeadLetterStore;
  owners: readonly InstallationDataOwner[];
  installations: InstallationDirectory;
  /** The stack was installed again before its old installation's purge ran. */
  reinstalled: (stackApiKey: string) => Promise<void>;
  log: Logger;
}): FeatureWorkers {
  return {
    workers: [
      { queue: QUEUES.purge, concurrency: 1, process: processJobs(purgeJob, deps.deadLetters, purgeProcessor(deps)) },
    ],
    schedules: () => Promise.resolve([]),
  };
}
