// A mirror job: mirror one experience, remember what was mirrored, and hand a newly ACTIVE version to the
// assignments engine. Everything here is safe to run twice (BullMQ is at-least-once).
import type { Job, Queue } from 'bullmq';
import {
  ExternalCallError,
  mirrorJobSchema,
  recomputeAssignmentsJobSchema,
  recomputeJobId,
  type MirrorPolicy,
} from '@pb/shared';
import type { Logger } from 'pino';
import type { InstallationDirectory, Installation } from '../installations';
import type { PersonalizePort, VariantGroupPort } from '../mirror/ports';
import { enqueueProjectRefresh } from '../assignments/jobs';
import { mirrorExperience, type MirrorOutcome } from '../mirror/mirror-experience';
import type { MirrorState } from '../mirror/mirror-state';
import type { WorkerCounters } from '../metrics';

export interface PortsFactory {
  (installation: Installation): { personalize: PersonalizePort; cma: VariantGroupPort };
}

export interface MirrorProcessorDeps {
  installations: InstallationDirectory;
  ports: PortsFactory;
  /** The server's policies; an installation's own (its configuration screen) override them field by field. */
  policy: MirrorPolicy;
  state: MirrorState;
  recompute: Queue;
  counters: WorkerCounters;
  log: Logger;
  now?: () => Date;
}

export function mirrorProcessor(deps: MirrorProcessorDeps): (job: Job) => Promise<MirrorOutcome> {
  return async (job) => {
    const data = mirrorJobSchema.parse(job.data);
    const installation = await deps.installations.forStack(data.stackApiKey);
    if (installation === undefined || installation.projectUid !== data.projectUid) {
      throw new ExternalCallError(`stack ${data.stackApiKey} / project ${data.projectUid} is not installed`, {
        kind: 'permanent',
        service: 'installations',
      });
    }
    const outcome = await mirrorExperience(
      { ...deps.ports(installation), policy: { ...deps.policy, ...installation.mirrorPolicy } },
      { projectUid: data.projectUid, experienceUid: data.experienceUid },
    );
    for (const op of outcome.applied) deps.counters.add('pb_plan_operations_applied_total', { op: op.op });
    await deps.state.recordReports(data.projectUid, data.experienceUid, outcome.reports);
    await handOverActivation(deps, data, outcome);
    // Recorded last: if anything above fails, the sweep still sees a difference and queues the mirror again.
    await deps.state.recordFingerprint(data.projectUid, data.experienceUid, outcome.fingerprint);
    deps.counters.add('pb_mirror_jobs_total', { outcome: 'completed', trigger: data.trigger });
    deps.counters.add('pb_mirror_lag_seconds_sum', {}, (Date.now() - job.timestamp) / 1000);
    deps.counters.add('pb_mirror_lag_seconds_count', {});
    deps.log.info(
      {
        jobId: job.id,
        experienceUid: data.experienceUid,
        groupUid: outcome.groupUid,
        operations: outcome.applied.map((o) => o.op),
        reports: outcome.reports.map((r) => r.kind),
      },
      'experience mirrored',
    );
    return outcome;
  };
}

/**
 * After its mirror, the assignments engine hears about every change of what is served: a version that became ACTIVE
 * (and was not handed over before) gets a recompute-assignments job; a paused or deleted experience that was being
 * served gets a project refresh, so it stops being served when that job finishes rather than at the next sweep.
 */
async function handOverActivation(
  deps: MirrorProcessorDeps,
  data: { stackApiKey: string; projectUid: string; experienceUid: string },
  outcome: MirrorOutcome,
): Promise<void> {
  const experience = outcome.experience;
  const handedOver = await deps.state.activatedVersion(data.projectUid, data.experienceUid);
  const refresh = (reason: 'pause' | 'resume' | 'delete') =>
    enqueueProjectRefresh(deps.recompute, {
      stackApiKey: data.stackApiKey,
      projectUid: data.projectUid,
      experienceUid: data.experienceUid,
      reason,
    });
  if (experience === null || experience.versionStatus === 'PAUSED') {
    if (handedOver === null) return;
    await refresh(experience === null ? 'delete' : 'pause');
    await deps.state.clearActivated(data.projectUid, data.experienceUid);
    return;
  }
  if (experience.versionStatus !== 'ACTIVE' || outcome.link === null) return;
  if (handedOver === experience.versionUid) return;
  const jobId = recomputeJobId(experience.uid, experience.versionUid);
  if ((await deps.recompute.getJob(jobId)) !== undefined) {
    // The same version was handed over before and paused since: its job id is taken (so a re-add would be dropped),
    // and a project refresh recomputes it just the same.
    await refresh('resume');
  } else {
    const payload = recomputeAssignmentsJobSchema.parse({
      stackApiKey: data.stackApiKey,
      projectUid: data.projectUid,
      experienceUid: experience.uid,
      experienceShortUid: experience.shortUid,
      versionUid: experience.versionUid,
      variantGroupUid: outcome.link.variantGroup,
      variants: outcome.link.variants,
      activatedAt: (deps.now?.() ?? new Date()).toISOString(),
    });
    // The job id makes a second hand-over of the same version (a retried mirror) a no-op.
    await deps.recompute.add('recompute-assignments', payload, {
      jobId,
      attempts: 10,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 10_000 },
    });
  }
  await deps.state.recordActivated(data.projectUid, data.experienceUid, experience.versionUid);
}
