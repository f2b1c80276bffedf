// What the mirror contributes to the worker process: the guard runs (one per experience and trigger), the sweep and
// the poll, with their schedules. Settings come mapped from the configuration at the composition root; the
// assignments engine is reached only through the serving port the mirror declares (ports.ts).
import type { GuardPolicy, MirrorJob } from '@pb/shared';
import type { Logger } from 'pino';
import type { InstallationDirectory } from '../installations';
import type { WorkerCounters } from '../metrics';
import type { DeadLetterStore } from '../queue/dead-letters';
import { QUEUES } from '../queue/names';
import { processJobs } from '../queue/processor';
import type { QueueRegistry } from '../queue/registry';
import type { FeatureWorkers } from '../queue/worker-spec';
import { mirrorJob, pollJobSchema, pollSchedule, stackSweepJob, sweepSchedule } from './jobs';
import { mirrorProcessor } from './mirror-processor';
import type { MirrorState } from './mirror-state';
import { poll } from './poll-processor';
import type { MirrorPortsFactory, ServingPort } from './ports';
import { sweep } from './sweep-processor';

export interface MirrorSettings {
  /** Attempts of a guard run. */
  attempts: number;
  concurrency: number;
  /** The server's policy; an installation's own (its configuration screen) overrides it. */
  policy: GuardPolicy;
  syncDeadlineMs: number;
  pollEveryMs: number;
  sweepEveryMs: number;
}

export interface MirrorDeps {
  registry: QueueRegistry;
  deadLetters: DeadLetterStore;
  installations: InstallationDirectory;
  ports: MirrorPortsFactory;
  state: MirrorState;
  serving: ServingPort;
  counters: WorkerCounters;
  log: Logger;
  settings: MirrorSettings;
}

export function mirrorWorkers(deps: MirrorDeps): FeatureWorkers {
  const { registry, deadLetters, installations, ports, state, log, settings } = deps;
  const guardRun = mirrorJob({ attempts: settings.attempts });
  const enqueueMirror = async (job: MirrorJob): Promise<void> => {
    await registry.enqueue(guardRun, job);
  };
  return {
    workers: [
      {
        queue: QUEUES.mirror,
        concurrency: settings.concurrency,
        process: processJobs(
          guardRun,
          deadLetters,
          mirrorProcessor({
            installations,
            ports,
            policy: settings.policy,
            syncDeadlineMs: settings.syncDeadlineMs,
            state,
            serving: deps.serving,
            recheck: async (job, delayMs) => {
              await registry.enqueue(guardRun, job, { delay: delayMs });
            },
            pollIntervalMs: settings.pollEveryMs,
            counters: deps.counters,
            log,
          }),
        ),
      },
      {
        queue: QUEUES.sweep,
        concurrency: 1,
        process: processJobs(stackSweepJob, deadLetters, async ({ stackApiKey }) => {
          // A newly authorized stack also gets its project's periodic assignments refresh.
          const installation = stackApiKey === undefined ? undefined : await installations.forStack(stackApiKey);
          if (installation !== undefined) await deps.serving.projectInstalled(installation);
          return sweep({ installations, ports, state, enqueueMirror, log }, stackApiKey);
        }),
      },
      // The poll: one Personalize call per installed project each interval; guard runs only for what changed.
      {
        queue: QUEUES.poll,
        concurrency: 1,
        process: processJobs({ queue: QUEUES.poll, schema: pollJobSchema }, deadLetters, () =>
          poll({
            installations,
            ports,
            state,
            enqueueMirror,
            syncDeadlineMs: settings.syncDeadlineMs,
            now: () => new Date(),
            log,
          }),
        ),
      },
    ],
    schedules: () => Promise.resolve([sweepSchedule(settings.sweepEveryMs), pollSchedule(settings.pollEveryMs)]),
  };
}
