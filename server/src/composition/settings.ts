// The one place that reads the configuration's env-named fields for the features: each feature receives its own
// settings, named for what they mean to it (a feature never sees `Config`).
import type { Config } from '../config';
import type { AssignmentsSettings } from '../assignments/feature';
import type { BudgetSettings } from '../budget/request-budget';
import type { MirrorSettings } from '../mirror/feature';
import type { ClientSettings } from './mirror-ports';
import type { WorkerSettings } from './run-workers';
import type { DecisionApiSettings } from '../edge/decision-api';
import { uiOriginsFrom } from '../http/security';
import { adminCredentialAuthorizer, type Authorize } from '../results/authorize';
import type { UiApiSettings } from '../ui-api/wiring';

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

export const uiApiSettings = (config: Config): UiApiSettings => ({
  prefix: config.QUEUE_PREFIX,
  sessionSecret: config.sessionSecret,
  sessionTtlSeconds: config.UI_SESSION_TTL_SECONDS,
  appTokenKeys: {
    url: config.appTokenKeysUrl,
    cacheMs: config.PUBLIC_KEYS_CACHE_SECONDS * 1000,
    minRefreshMs: config.PUBLIC_KEYS_MIN_REFRESH_SECONDS * 1000,
  },
  personalizeUrl: config.personalizeUrl,
  cmaUrl: config.cmaUrl,
  httpTimeoutMs: config.HTTP_TIMEOUT_MS,
  region: config.CONTENTSTACK_REGION,
  ...(config.APP_UID === undefined ? {} : { appUid: config.APP_UID }),
  allowedOrigins: uiOriginsFrom(config),
});

export const decisionApiSettings = (config: Config): DecisionApiSettings => ({
  prefix: config.QUEUE_PREFIX,
  redis: config.redis,
  secretKeys: config.installationSecretKeys,
});

/** The operator credential for the operator-configured installation: results readable with ADMIN_USER/PASSWORD. */
export function operatorAuthorizer(config: Config): Authorize {
  const { ADMIN_USER, ADMIN_PASSWORD, CONTENTSTACK_API_KEY, PERSONALIZE_PROJECT_UID } = config;
  if (
    ADMIN_USER === undefined ||
    ADMIN_PASSWORD === undefined ||
    CONTENTSTACK_API_KEY === undefined ||
    PERSONALIZE_PROJECT_UID === undefined
  ) {
    return () => null;
  }
  return adminCredentialAuthorizer({
    user: ADMIN_USER,
    password: ADMIN_PASSWORD,
    principal: { stackApiKey: CONTENTSTACK_API_KEY, projectUid: PERSONALIZE_PROJECT_UID },
  });
}
