// Composes the UI API from configuration and the HTTP process's infrastructure (its Redis connection, queue registry,
// request budget, and the table reader and event store it shares with the decision API), so mounting it is one call:
//   const ui = createUiApi(config, { redis, queues, budget, installations });  app.use(ui.router);
import type { Queue } from 'bullmq';
import type { MirrorJob } from '@pb/shared';
import type { Logger } from 'pino';
import type { InstallationDirectory } from '../installations';
import type { RequestBudget } from '../budget/request-budget';
import { QUEUES, type QueueName } from '../queue/names';
import { MirrorState } from '../mirror/mirror-state';
import { assignmentKeys } from '../assignments/keys';
import { RedisTableStore } from '../assignments/table-store';
import { AssignmentTableReader } from '../assignments/table-reader';
import { createRedisEventStore, type EventStore } from '../results/event-store';
import { createPublicKeySource, type PublicKeySource } from '../webhooks/public-keys';
import type { EdgeKeyStore } from '../edge/edge-keys';
import { createAppTokenVerifier } from './app-token';
import { createSessionIssuer, type SessionIssuer } from './session';
import { createPersonalizeReader, createStackEditor, createStackReader } from './http-readers';
import { createMirrorStatusSource } from './mirror-status';
import { createUiApiRouter } from './router';
import type { AllowedOrigins } from '../http/security';
import { scopedQueueCounts } from './queue-counts';
import type { Router } from 'express';
import type { RedisClient } from '../redis';

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

/** What the UI API needs of the configuration, mapped at the composition root (composition/settings.ts). */
export interface UiApiSettings {
  prefix: string;
  sessionSecret: string;
  sessionTtlSeconds: number;
  /** Where the app platform publishes the keys app tokens are signed with, and how long they are cached. */
  appTokenKeys: { url: string; cacheMs: number; minRefreshMs: number };
  personalizeUrl: string;
  cmaUrl: string;
  httpTimeoutMs: number;
  /** The region this server talks to (lower case, e.g. `na`). */
  region: string;
  /** Our marketplace app's uid: app tokens minted for another app are refused. Unchecked when unset. */
  appUid?: string;
  allowedOrigins: AllowedOrigins;
}

export function createUiApi(
  settings: UiApiSettings,
  infra: {
    redis: RedisClient;
    queues: UiQueues;
    budget: RequestBudget;
    installations: InstallationDirectory;
    /** Shared with the decision API when both are mounted (one table cache per process). */
    tables?: AssignmentTableReader;
    events?: EventStore;
    /** The decision API's edge keys; without them the edge-key routes answer 501. */
    edgeKeys?: EdgeKeyStore;
    appTokenKeys?: PublicKeySource;
    log?: Logger;
    fetch?: typeof fetch;
    /** Clock of token and session checks (tests move it forward to expire them). */
    now?: () => number;
  },
): UiApi {
  const { redis, budget } = infra;
  const { prefix, installations } = { prefix: settings.prefix, installations: infra.installations };
  const clock = infra.now === undefined ? {} : { now: infra.now };
  const sessions = createSessionIssuer({
    secret: settings.sessionSecret,
    ttlSeconds: settings.sessionTtlSeconds,
    ...clock,
  });
  const queues = [QUEUES.mirror, QUEUES.events, QUEUES.recompute, QUEUES.sweep].map((name) => infra.queues.queue(name));
  const tables =
    infra.tables ?? new AssignmentTableReader(new RedisTableStore(redis, assignmentKeys(prefix)), { refreshMs: 1000 });
  const common = {
    budget,
    timeoutMs: settings.httpTimeoutMs,
    ...(infra.fetch === undefined ? {} : { fetch: infra.fetch }),
  };
  const router = createUiApiRouter({
    verifier: createAppTokenVerifier({
      keys: infra.appTokenKeys ?? createPublicKeySource(settings.appTokenKeys),
      ...clock,
    }),
    sessions,
    installations,
    readers: (installation) => ({
      personalize: createPersonalizeReader({
        ...common,
        baseUrl: settings.personalizeUrl,
        projectUid: installation.projectUid,
        organizationUid: installation.organizationUid,
        auth: installation.auth,
      }),
      stack: createStackReader({
        ...common,
        baseUrl: settings.cmaUrl,
        stackApiKey: installation.stackApiKey,
        organizationUid: installation.organizationUid,
        auth: installation.auth,
      }),
    }),
    editors: (installation) =>
      createStackEditor({
        ...common,
        baseUrl: settings.cmaUrl,
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
    region: settings.region,
    allowedOrigins: settings.allowedOrigins,
    ...(infra.edgeKeys === undefined ? {} : { edgeKeys: infra.edgeKeys }),
    ...(settings.appUid === undefined ? {} : { appUid: settings.appUid }),
    ...(infra.log === undefined ? {} : { log: infra.log }),
  });
  return {
    router,
    sessions,
    // The queues belong to the registry, the connection to the process: nothing of its own to close.
    close: () => Promise.resolve(),
  };
}
