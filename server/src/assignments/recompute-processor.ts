// The recompute-assignments job: find the installation, recompute the project's table, log what is served.
import type { Job } from 'bullmq';
import { notInstalled } from '@pb/shared';
import type { Logger } from 'pino';
import type { Installation, InstallationDirectory } from '../installations';
import type { RecomputeJob } from './jobs';
import { recomputeProject, type RecomputeDeps, type RecomputeOutcome } from './recompute';

export interface RecomputePortsFactory {
  (installation: Installation): Pick<RecomputeDeps, 'personalize' | 'coverage'>;
}

export interface RecomputeProcessorDeps {
  installations: InstallationDirectory;
  ports: RecomputePortsFactory;
  store: RecomputeDeps['store'];
  log: Logger;
}

/** Recomputes the job's project; `data` is parsed by the queue's wrapper (queue/processor.ts). */
export function recomputeProcessor(
  deps: RecomputeProcessorDeps,
): (data: RecomputeJob, job: Job) => Promise<RecomputeOutcome> {
  return async (data, job) => {
    const installation = await deps.installations.forStack(data.stackApiKey);
    if (installation === undefined || installation.projectUid !== data.projectUid) {
      throw notInstalled(data.stackApiKey, data.projectUid);
    }
    const activation = 'versionUid' in data;
    const outcome = await recomputeProject(
      { ...deps.ports(installation), store: deps.store },
      {
        stackApiKey: data.stackApiKey,
        projectUid: data.projectUid,
        refreshCoverageFor: data.experienceUid === undefined ? [] : [data.experienceUid],
        ...(activation
          ? { cmsLinks: { [data.experienceUid]: { variantGroup: data.variantGroupUid, variants: data.variants } } }
          : {}),
      },
    );
    deps.log.info(
      {
        jobId: job.id,
        projectUid: data.projectUid,
        trigger: activation ? 'activation' : data.reason,
        revision: outcome.revision,
        published: outcome.published,
        served: outcome.served.length,
        coverageCalls: outcome.coverageCalls,
        problems: outcome.problems.map((p) => `${p.experienceUid}:${p.reason}`),
      },
      'assignments recomputed',
    );
    return outcome;
  };
}
