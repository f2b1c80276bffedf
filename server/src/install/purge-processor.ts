// The installation-purge worker: purge the ended installation, retried while its jobs still run. When the stack was
// installed again before the purge ran (or a reinstall replaced an uninstall that never arrived), the project's state,
// tables and refresh schedule just went with the old installation's, so the new installation is handed to
// `reinstalled` (the composition root queues a fresh sweep of the stack: re-guarded idempotently, recomputed).
import { busy } from '@pb/shared';
import type { Logger } from 'pino';
import type { InstallationDirectory } from '../installations';
import { QUEUES } from '../queue/names';
import type { QueueRegistry } from '../queue/registry';
import { purgeInstallation, type InstallationDataOwner, type PurgeReport } from './purge';
import type { PurgeJob } from './purge-job';
import type { RedisClient } from '../redis';

export interface PurgeProcessorDeps {
  redis: RedisClient;
  registry: QueueRegistry;
  owners: readonly InstallationDataOwner[];
  installations: InstallationDirectory;
  reinstalled: (stackApiKey: string) => Promise<void>;
  log: Logger;
}

export function purgeProcessor(deps: PurgeProcessorDeps): (purge: PurgeJob) => Promise<PurgeReport> {
  return async (purge) => {
    // Every queue whose jobs can name the stack is purged: a stack sweep that failed, or waits for its retry, names
    // it too. The purge queue itself holds this very job (active), which does not name a stack's data.
    const queues = deps.registry.all().filter((q) => q.name !== QUEUES.purge);
    const report = await purgeInstallation(deps.redis, queues, deps.owners, purge);
    deps.log.info(
      {
        stackApiKey: purge.stackApiKey,
        jobsRemoved: report.jobsRemoved,
        jobsStillActive: report.jobsStillActive,
        keysRemoved: report.keysRemoved,
        byOwner: report.byOwner,
      },
      'installation purged',
    );
    if (report.jobsStillActive > 0) throw busy(`${report.jobsStillActive} jobs of the stack still running`);
    if ((await deps.installations.forStack(purge.stackApiKey)) !== undefined) {
      await deps.reinstalled(purge.stackApiKey);
      deps.log.info({ stackApiKey: purge.stackApiKey }, 'reinstalled during the purge: the stack is swept again');
    }
    return report;
  };
}
