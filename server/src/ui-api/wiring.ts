// Composes the UI API from configuration and the HTTP runtime's Redis and producer, so mounting it is one call:
//   const ui = createUiApi(config, { redis, producer, installations });  app.use(ui.router);  …  await ui.close();
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { staticInstallations, type InstallationDirectory } from '../installations';
import { createRedisBudget, type RequestBudget } from '../budget/request-budget';
import { keys, QUEUES } from '../queue/names';
import type { QueueProducer } from '../queue/producer';
import { MirrorState } from '../mirror/mirror-state';
import { assignmentKeys } from '../assignments/keys';
import { RedisTableStore } from '../assignments/table-store';
import { AssignmentTableReader } from '../assignments/table-reader';
import { createRedisEventStore } from '../results/event-store';
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

export function createUiApi(
  config: Config,
  infra: {
    redis: Redis;
    producer: Pick<QueueProducer, 'mirror' | 'events' | 'enqueueMirror'>;
    installations?: InstallationDirectory;
    budget?: RequestBudget;
    appTokenKeys?: PublicKeySource;
    log?: Logger;
    fetch?: typeof fetch;
    /** Clock of token and session checks (tests move it forward to expire them). */
    now?: () => number;
  },
): UiApi {
  const { redis, producer } = infra;
  const prefix = config.QUEUE_PREFIX;
  const k = keys(prefix);
  const installations = infra.installations ?? staticInstallations(config);
  const budget =
    infra.budget ??
    createRedisBudget(redis, {
      limits: {
        read: config.BUDGET_CMA_READS_PER_SECOND,
        write: config.BUDGET_CMA_WRITES_PER_SECOND,
        personalize: config.BUDGET_PERSONALIZE_PER_SECOND,
      },
      windowMs: 1000 + config.BUDGET_WINDOW_MARGIN_MS,
      keyFor: k.budget,
    });
  const clock = infra.now === undefined ? {} : { now: infra.now };
  const sessions = createSessionIssuer({
    secret: config.sessionSecret,
    ttlSeconds: config.UI_SESSION_TTL_SECONDS,
    ...clock,
  });
  const extraQueues = [QUEUES.recompute, QUEUES.sweep].map(
    (name) => new Queue(name, { connection: redis, prefix, skipWaitingForReady: true }),
  );
  for (const q of extraQueues) q.on('error', () => undefined);
  const queues = [producer.mirror, producer.events, ...extraQueues];
  const tables = new AssignmentTableReader(new RedisTableStore(redis, assignmentKeys(prefix)), { refreshMs: 1000 });
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
    mirrorStatus: createMirrorStatusSource({ state: new MirrorState(redis, k), mirrorQueue: producer.mirror }),
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
      enqueueMirror: (job) => producer.enqueueMirror(job),
      // Each installation sees its own stack's jobs; the sweep (all stacks at once) as it is.
      counts: scopedQueueCounts({
        perStack: queues.filter((q) => q.name !== QUEUES.sweep),
        shared: queues.filter((q) => q.name === QUEUES.sweep),
      }),
    },
    results: { tables, events: createRedisEventStore(redis, prefix) },
    region: config.CONTENTSTACK_REGION,
    allowedOrigins: uiOriginsFrom(config),
    ...(config.APP_UID === undefined ? {} : { appUid: config.APP_UID }),
    ...(infra.log === undefined ? {} : { log: infra.log }),
  });
  return {
    router,
    sessions,
    async close() {
      await Promise.allSettled(extraQueues.map((q) => q.close()));
    },
  };
}
