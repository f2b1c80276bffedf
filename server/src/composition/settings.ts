// The one place that reads the configuration's env-named fields for the features: each feature receives its own
// settings, named for what they mean to it (a feature never sees `Config`).
import type { Config } from '../config';
import type { AssignmentsSettings } from '../assignments/feature';
import type { BudgetSettings } from '../budget/request-budget';
import type { MirrorSettings } from '../mirror/feature';
import type { ClientSettings } from './mirror-ports';
import type { WorkerSettings } from './run-workers';

export const budgetSettings = (config: Config): BudgetSettings => ({
  limits: {
    read: config.BUDGET_CMA_READS_PER_SECOND,
    write: config.BUDGET_CMA_WRITES_PER_SECOND,
    personalize: config.BUDGET_PERSONALIZE_PER_SECOND,
  },
  headroomPercent: config.BUDGET_HEADROOM_PERCENT,
  windowMarginMs: config.BUDGET_WINDOW_MARGIN_MS,
});

export const mirrorSettings = (config: Config): MirrorSettings => ({
  attempts: config.JOB_ATTEMPTS,
  concurrency: config.WORKER_CONCURRENCY,
  policy: { deletedExperience: config.MIRROR_DELETED_EXPERIENCE },
  syncDeadlineMs: config.SYNC_DEADLINE_S * 1000,
  pollEveryMs: config.POLL_INTERVAL_S * 1000,
  sweepEveryMs: config.SWEEP_INTERVAL_MS,
});

export const assignmentsSettings = (config: Config): AssignmentsSettings => ({
  personalizeUrl: config.personalizeUrl,
  cmaUrl: config.cmaUrl,
  httpTimeoutMs: config.HTTP_TIMEOUT_MS,
  refreshEveryMs: config.SWEEP_INTERVAL_MS,
  eventAttempts: config.JOB_ATTEMPTS,
});

export const clientSettings = (config: Config): ClientSettings => ({
  personalizeUrl: config.personalizeUrl,
  cmaUrl: config.cmaUrl,
  httpTimeoutMs: config.HTTP_TIMEOUT_MS,
});

export const workerSettings = (config: Config): WorkerSettings => ({
  prefix: config.QUEUE_PREFIX,
  lockMs: config.JOB_LOCK_MS,
  stalledCheckMs: config.STALLED_CHECK_MS,
  backoff: { baseMs: config.BACKOFF_BASE_MS, maxMs: config.BACKOFF_MAX_MS },
  shutdownDeadlineMs: config.SHUTDOWN_DEADLINE_MS,
});
