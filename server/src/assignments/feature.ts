// What the assignments feature contributes to the worker process: the recompute worker (one job at a time: each
// rereads the whole project anyway), the coverage consumer of entry-variant webhooks, each installed project's
// periodic refresh, and the serving port the mirror reports changes through. Settings come mapped from the
// configuration at the composition root.
import type { Logger } from 'pino';
import type { RequestBudget } from '../budget/request-budget';
import type { Installation, InstallationDirectory } from '../installations';
import type { DeadLetterStore } from '../queue/dead-letters';
import { QUEUES } from '../queue/names';
import { processJobs } from '../queue/processor';
import type { QueueRegistry } from '../queue/registry';
import type { FeatureWorkers } from '../queue/worker-spec';
import { webhookEventJob } from '../webhooks/event-job';
import { coverageEventProcessor } from './coverage-processor';
import { createCoverageReader, createPersonalizeReader } from './http-sources';
import { projectRefreshJob, projectRefreshSchedule, recomputeJobSchema, type ProjectRefreshJob } from './jobs';
import { recomputeProcessor, type RecomputePortsFactory } from './recompute-processor';
import type { RedisTableStore } from './table-store';

export interface AssignmentsSettings {
  personalizeUrl: string;
  cmaUrl: string;
  httpTimeoutMs: number;
  /** Interval of each project's scheduled refresh; 0 disables it. */
  refreshEveryMs: number;
  /** Attempts of a webhook event (the events queue's own setting). */
  eventAttempts: number;
}

export interface AssignmentsDeps {
  registry: QueueRegistry;
  deadLetters: DeadLetterStore;
  installations: InstallationDirectory;
  budget: RequestBudget;
  store: RedisTableStore;
  log: Logger;
  settings: AssignmentsSettings;
}

export function recomputePorts(
  settings: Pick<AssignmentsSettings, 'personalizeUrl' | 'cmaUrl' | 'httpTimeoutMs'>,
  budget: RequestBudget,
): RecomputePortsFactory {
  return (installation) => {
    const common = {
      organizationUid: installation.organizationUid,
      auth: installation.auth,
      budget,
      timeoutMs: settings.httpTimeoutMs,
    };
    return {
      personalize: createPersonalizeReader({
        ...common,
        baseUrl: settings.personalizeUrl,
        projectUid: installation.projectUid,
      }),
      coverage: createCoverageReader({ ...common, baseUrl: settings.cmaUrl, stackApiKey: installation.stackApiKey }),
    };
  };
}

/** What the mirror calls when what is served changes (it declares the port; this is its implementation). */
export interface AssignmentsServing {
  servingChanged(change: ProjectRefreshJob): Promise<void>;
  projectInstalled(installation: Pick<Installation, 'stackApiKey' | 'projectUid'>): Promise<void>;
}

export function assignmentsServing(
  registry: QueueRegistry,
  settings: Pick<AssignmentsSettings, 'refreshEveryMs'>,
): AssignmentsServing {
  return {
    // A project refresh rereads everything, so changes that arrive together cost one recompute, not one each.
    async servingChanged(change) {
      await registry.enqueue(projectRefreshJob, change);
    },
    async projectInstalled(installation) {
      if (settings.refreshEveryMs > 0)
        await registry.schedule(projectRefreshSchedule(installation, settings.refreshEveryMs));
    },
  };
}

export function assignmentsWorkers(deps: AssignmentsDeps): FeatureWorkers {
  const ports = recomputePorts(deps.settings, deps.budget);
  const recompute = { queue: QUEUES.recompute, schema: recomputeJobSchema };
  return {
    workers: [
      {
        queue: QUEUES.recompute,
        concurrency: 1,
        process: processJobs(
          recompute,
          deps.deadLetters,
          recomputeProcessor({ installations: deps.installations, ports, store: deps.store, log: deps.log }),
        ),
      },
      // CMS and lifecycle events: entry-variant events update the coverage of the assignment tables; the other
      // modules' events are drained (their module returned) until a feature consumes them, so the queue cannot grow
      // without bound.
      {
        queue: QUEUES.events,
        concurrency: 1,
        process: processJobs(
          webhookEventJob({ attempts: deps.settings.eventAttempts }),
          deps.deadLetters,
          coverageEventProcessor({ installations: deps.installations, ports, store: deps.store, log: deps.log }),
        ),
      },
    ],
    async schedules() {
      if (deps.settings.refreshEveryMs === 0) return [];
      return (await deps.installations.list()).map((i) => projectRefreshSchedule(i, deps.settings.refreshEveryMs));
    },
  };
}
