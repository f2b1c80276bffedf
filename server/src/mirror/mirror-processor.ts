// A mirror job: guard one experience against Personalize's CMS sync, remember what was seen, and hand a newly
// ACTIVE version to the assignments engine. Everything here is safe to run twice (BullMQ is at-least-once).
import type { Job } from 'bullmq';
import { notInstalled, type GuardPolicy, type MirrorJob } from '@pb/shared';
import type { Logger } from 'pino';
import type { InstallationDirectory } from '../installations';
import type { MirrorPortsFactory, ServingChange, ServingPort } from './ports';
import { guardExperience, type GuardOutcome } from './guard-experience';
import type { MirrorState } from './mirror-state';
import type { WorkerCounters } from '../metrics';

export interface MirrorProcessorDeps {
  installations: InstallationDirectory;
  ports: MirrorPortsFactory;
  /** The server's policy; an installation's own (its configuration screen) overrides it. */
  policy: GuardPolicy;
  syncDeadlineMs: number;
  state: MirrorState;
  serving: ServingPort;
  /**
   * Queues this experience's next guard run after `delayMs` (deduplicated like any other trigger): while Personalize's
   * sync is still to come, the guard looks again sooner than the next poll would.
   */
  recheck: (job: MirrorJob, delayMs: number) => Promise<void>;
  /** The poll's interval: a recheck never waits longer than the poll would. */
  pollIntervalMs: number;
  counters: WorkerCounters;
  log: Logger;
  now?: () => Date;
}

/** Guards the job's experience; `data` is parsed by the queue's wrapper (queue/processor.ts). */
export function mirrorProcessor(deps: MirrorProcessorDeps): (data: MirrorJob, job: Job) => Promise<GuardOutcome> {
  const now = deps.now ?? (() => new Date());
  return async (data, job) => {
    const installation = await deps.installations.forStack(data.stackApiKey);
    if (installation === undefined || installation.projectUid !== data.projectUid) {
      throw notInstalled(data.stackApiKey, data.projectUid);
    }
    const previous = await deps.state.syncRecord(data.projectUid, data.experienceUid);
    const outcome = await guardExperience(
      {
        ...deps.ports(installation),
        policy: { ...deps.policy, ...installation.mirrorPolicy },
        syncDeadlineMs: deps.syncDeadlineMs,
        now,
      },
      { projectUid: data.projectUid, experienceUid: data.experienceUid, previous },
    );
    const { plan } = outcome;
    for (const op of outcome.applied) deps.counters.add('pb_plan_operations_applied_total', { op: op.op });
    await deps.state.recordReports(data.projectUid, data.experienceUid, plan.reports);
    if (await deps.state.recordSync(data.projectUid, data.experienceUid, plan.record)) {
      deps.counters.add('pb_sync_overdue_total', {});
      deps.log.warn(
        { experienceUid: data.experienceUid, waitingSince: plan.record.waitingSince, missing: plan.record.missing },
        "Personalize's CMS sync is overdue",
      );
    }
    if (previous?.state !== 'synced' && plan.record.state === 'synced' && plan.record.versionStatus !== undefined) {
      deps.counters.add('pb_sync_completed_total', {});
    }
    await handOverActivation(deps, data, outcome);
    if (plan.record.state === 'waiting') {
      // Half the time waited so far, between 1 s and one poll interval: a 3 s sync is seen within about a second.
      const waited = now().getTime() - Date.parse(plan.record.waitingSince ?? plan.record.checkedAt);
      await deps.recheck({ ...data, trigger: 'poll' }, Math.min(deps.pollIntervalMs, Math.max(1000, waited / 2)));
    }
    // Recorded last: if anything above fails, the sweep still sees a difference and queues the job again.
    await deps.state.recordFingerprint(data.projectUid, data.experienceUid, outcome.fingerprint);
    deps.counters.add('pb_mirror_jobs_total', { outcome: 'completed', trigger: data.trigger });
    deps.counters.add('pb_mirror_lag_seconds_sum', {}, (Date.now() - job.timestamp) / 1000);
    deps.counters.add('pb_mirror_lag_seconds_count', {});
    deps.log.info(
      {
        jobId: job.id,
        experienceUid: data.experienceUid,
        groupUid: plan.groupUid,
        sync: plan.record.state,
        operations: outcome.applied.map((o) => o.op),
        reports: plan.reports.map((r) => r.kind),
      },
      'experience guarded',
    );
    return outcome;
  };
}

/**
 * After the guard, the assignments engine hears about every change of what is served: a version that became ACTIVE
 * (and was not handed over before, once Personalize's sync has made all of its CMS variants), a paused or deleted
 * experience that was being served, and a served one whose CMS variants were remapped each queue a project refresh.
 */
async function handOverActivation(
  deps: MirrorProcessorDeps,
  data: { stackApiKey: string; projectUid: string; experienceUid: string },
  outcome: GuardOutcome,
): Promise<void> {
  const experience = outcome.experience;
  const link = outcome.plan.link;
  const handedOver = await deps.state.activatedVersion(data.projectUid, data.experienceUid);
  // A project refresh rereads everything, so activations that arrive together cost one recompute, not one each.
  const refresh = (reason: ServingChange) =>
    deps.serving.servingChanged({
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
  if (experience.versionStatus !== 'ACTIVE' || link === null) return;
  if (handedOver === experience.versionUid) {
    // Already served: a remap detected in this run changes which CMS variants it serves.
    const fresh = outcome.plan.record.remaps.some((r) => r.detectedAt === outcome.plan.record.checkedAt);
    if (fresh) await refresh('remap');
    return;
  }
  await refresh('activate');
  await deps.state.recordActivated(data.projectUid, data.experienceUid, experience.versionUid);
}
