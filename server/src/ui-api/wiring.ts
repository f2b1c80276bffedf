// Composes the UI API from configuration and the HTTP process's infrastructure (its Redis connection, queue registry,
// request budget, and the table reader and event store it shares with the decision API), so mounting it is one call:
//   const ui = createUiApi(config, { redis, queues, budget, installations });  app.use(ui.router);
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { MirrorJob } from '@pb/shared';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { staticInstallations, type InstallationDirectory } from '../installations';
import type { RequestBudget } from '../budget/request-budget';
import { QUEUES, type QueueName } from '../queue/names';
import { MirrorState } from '../mirror/mirror-state';
import { assignmentKeys } from '../assignments/keys';
import { RedisTableStore } from '../assignments/table-store';
import { AssignmentTableReader } from '../assignments/table-reader';
import { createRedisEventStore, type EventStore } from '../results/event-store';
import { createPublicKeySource, type PublicKeySource } from '../webhooks/public-keys';
import { createAppTokenVerifier } from './app-token';
import { createSessionIssuer, type SessionIssuer } from './session';
import { createPersonalizeReader, createStackEditor, createStackReader } from './http-readers';
import { createMirrorStatusSource } from './mirror-status';
import { createUiApiRouter } from './router';
import { uiOriginsFrom } from '../http/security';
import { scopedQueueCounts } from './queue-counts';
import type { Router } from 'express';

export interface UiApi {
  router: Router;
  /** For other routers that want UI sessions (`requireSession(ui.sessions)`, `sessionAuthorizer(ui.sessions, …)`). */
  sessions: SessionIssuer;
  close(): Promise<void>;
}

/** The queues the UI API reads (counts, mirror status) and the one job it queues ("mirror now"). */
export interface UiQueues {
  queue(name: QueueName): Queue;
  enqueueMirror(job: MirrorJob): Promise<void>;
}

export function createUiApi(
  config: Config,
  infra: {
    redis: Redis;
    queues: UiQueues;
    budget: RequestBudget;
    installations?: InstallationDirectory;
    /** Shared with the decision API when both are mounted (one table cache per process). */
    tables?: AssignmentTableReader;
    events?: EventStore;
    appTokenKeys?: PublicKeySource;
    log?: Logger;
    fetch?: typeof fetch;
    /** Clock of token and session checks (tests move it forward to expire them). */
    now?: () => number;
  },
): UiApi {
  const { redis, budget } = infra;
  const prefix = config.QUEUE_PREFIX;
  const installations = infra.installations ?? staticInstallations(config);
  const clock = infra.now === undefined ? {} : { now: infra.now };
  const sessions = createSessionIssuer({
    secret: config.sessionSecret,
    ttlSeconds: config.UI_SESSION_TTL_SECONDS,
    ...clock,
  });
  const queues = [QUEUES.mirror, QUEUES.events, QUEUES.recompute, QUEUES.sweep].map((name) => infra.queues.queue(name));
  const tables =
    infra.tables ?? new AssignmentTableReader(new RedisTableStore(redis, assignmentKeys(prefix)), { refreshMs: 1000 });
  const common = {
    budget,
    timeoutMs: config.HTTP_TIMEOUT_MS,
    ...(infra.fetch === undefined ? {} : { fetch: infra.fetch }),
  };
  const router = createUiApiRouter({
    verifier: createAppTokenVerifier({
      keys:
        infra.appTokenKeys ??
        createPublicKeySource({
          url: config.appTokenKeysUrl,
          cacheMs: config.PUBLIC_KEYS_CACHE_SECONDS * 1000,
          minRefreshMs: config.PUBLIC_KEYS_MIN_REFRESH_SECONDS * 1000,
        }),
      ...clock,
    }),
    sessions,
    installations,
    readers: (installation) => ({
      personalize: createPersonalizeReader({
        ...common,
        baseUrl: config.personalizeUrl,
        projectUid: installation.projectUid,
        organizationUid: installation.organizationUid,
        auth: installation.auth,
      }),
      stack: createStackReader({
        ...common,
        baseUrl: config.cmaUrl,
        stackApiKey: installation.stackApiKey,
        organizationUid: installation.organizationUid,
        auth: installation.auth,
      }),
    }),
    editors: (installation) =>
      createStackEditor({
        ...common,
        baseUrl: config.cmaUrl,
        stackApiKey: installation.stackApiKey,
        organizationUid: installation.organizationUid,
        auth: installation.auth,
      }),
    mirrorStatus: createMirrorStatusSource({
      state: new MirrorState(redis, prefix),
      mirrorQueue: infra.queues.queue(QUEUES.mirror),
    }),
    coverage: {
      async coverage(projectUid) {
        return (await tables.get(projectUid))?.stored.coverage ?? null;
      },
      async notServed(projectUid) {
        const stored = (await tables.get(projectUid))?.stored;
        return new Map((stored?.notServed ?? []).map((entry) => [entry.experienceUid, entry.reason]));
      },
    },
    queues: {
      enqueueMirror: (job) => infra.queues.enqueueMirror(job),
      // Each installation sees its own stack's jobs; the sweep (all stacks at once) as it is.
      counts: scopedQueueCounts({
        perStack: queues.filter((q) => q.name !== QUEUES.sweep),
        shared: queues.filter((q) => q.name === QUEUES.sweep),
      }),
    },
    results: { tables, events: infra.events ?? createRedisEventStore(redis, prefix) },
    region: config.CONTENTSTACK_REGION,
    allowedOrigins: uiOriginsFrom(config),
    ...(config.APP_UID === undefined ? {} : { appUid: config.APP_UID }),
    ...(infra.log === undefined ? {} : { log: infra.log }),
  });
  return {
    router,
    sessions,
    // The queues belong to the registry, the connection to the process: nothing of its own to close.
    close: () => Promise.resolve(),
  };
}
