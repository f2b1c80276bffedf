// The recompute-assignments job: find the installation, recompute the project's table, log what is served.
import { UnrecoverableError, type Job } from 'bullmq';
import { ExternalCallError, isExternalCallError } from '@pb/shared';
import type { Logger } from 'pino';
import type { Installation, InstallationDirectory } from '../installations';
import { recomputeJobSchema } from './jobs';
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

/** A permanent failure (bad payload, not installed, a 4xx) must not be retried: BullMQ's UnrecoverableError says so. */
export function recomputeProcessor(deps: RecomputeProcessorDeps): (job: Job) => Promise<RecomputeOutcome> {
  const run = recomputeOnce(deps);
  return async (job) => {
    try {
      return await run(job);
    } catch (error) {
      if (isExternalCallError(error) && error.kind === 'permanent') throw new UnrecoverableError(error.message);
      throw error;
    }
  };
}

function recomputeOnce(deps: RecomputeProcessorDeps): (job: Job) => Promise<RecomputeOutcome> {
  return async (job) => {
    const parsed = recomputeJobSchema.safeParse(job.data);
    if (!parsed.success) {
      const where = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new ExternalCallError(`recompute job ${String(job.id)}: invalid payload (${where})`, {
        kind: 'permanent',
        service: 'queue',
      });
    }
    const data = parsed.data;
    const installation = await deps.installations.forStack(data.stackApiKey);
    if (installation === undefined || installation.projectUid !== data.projectUid) {
      throw new ExternalCallError(`stack ${data.stackApiKey} / project ${data.projectUid} is not installed`, {
        kind: 'permanent',
        service: 'installations',
      });
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
