// The decision side on top of the mirror engine (test/support/engine.ts): the recompute-assignments worker and an
// HTTP server with the edge and results routers, on the engine's Redis prefix. Built here (not through the HTTP and
// worker runtimes) so these tests exercise exactly the assignments code, whatever else the runtimes mount; the HTTP
// side is `createDecisionApi`, the same factory the HTTP runtime mounts.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { QueueEvents } from 'bullmq';
import { createLogger } from '@pb/server/logger';
import { budgetKey, createRedisBudget } from '@pb/server/budget/request-budget';
import { QUEUES, queuePrefix } from '@pb/server/queue/names';
import { connectForWorker } from '@pb/server/redis';
import { QueueRegistry } from '@pb/server/queue/registry';
import { DeadLetterStore } from '@pb/server/queue/dead-letters';
import { staticInstallations } from '@pb/server/installations';
import { assignmentsWorkers } from '@pb/server/assignments/feature';
import { assignmentKeys } from '@pb/server/assignments/keys';
import { RedisTableStore } from '@pb/server/assignments/table-store';
import { runWorkers } from '@pb/server/composition/run-workers';
import { assignmentsSettings, decisionApiSettings, workerSettings } from '@pb/server/composition/settings';
import type { DecisionServices } from '@pb/server/edge/decision-services';
import { createDecisionApi } from '@pb/server/edge/decision-api';
import { adminCredentialAuthorizer } from '@pb/server/results/authorize';
import type { Engine } from '../support/engine';

export const ADMIN = { user: 'ops', password: 'results-secret' };

export interface DecisionSide {
  url: string;
  services: DecisionServices;
  /** The recompute queue's registry (queue project refreshes with `registry.enqueue(projectRefreshJob, …)`). */
  registry: QueueRegistry;
  recomputeEvents: QueueEvents;
  stop(): Promise<void>;
}

export async function startDecisionSide(engine: Engine): Promise<DecisionSide> {
  const { config } = engine;
  const log = createLogger(config, 'assignments-test');
  const workerRedis = connectForWorker(config.redis);
  const installations = staticInstallations(config);
  const budget = createRedisBudget(workerRedis, {
    limits: {
      read: config.BUDGET_CMA_READS_PER_SECOND,
      write: config.BUDGET_CMA_WRITES_PER_SECOND,
      personalize: config.BUDGET_PERSONALIZE_PER_SECOND,
    },
    windowMs: 1000 + config.BUDGET_WINDOW_MARGIN_MS,
    keyFor: (org, kind) => budgetKey(config.QUEUE_PREFIX, org, kind),
  });
  const registry = new QueueRegistry(workerRedis, { prefix: config.QUEUE_PREFIX });
  // Only the assignments feature's workers, as the worker process builds them (no scheduled refresh: tests queue their own).
  const workers = runWorkers(
    [
      assignmentsWorkers({
        registry,
        deadLetters: DeadLetterStore.forPrefix(workerRedis, config.QUEUE_PREFIX),
        installations,
        budget,
        store: new RedisTableStore(workerRedis, assignmentKeys(config.QUEUE_PREFIX)),
        log,
        settings: { ...assignmentsSettings(config), refreshEveryMs: 0 },
      }),
    ],
    { connection: workerRedis, registry, settings: workerSettings(config), log },
  );
  const decisions = createDecisionApi(decisionApiSettings(config), {
    installations,
    authorize: adminCredentialAuthorizer({
      ...ADMIN,
      principal: { stackApiKey: engine.credentials.api_key, projectUid: engine.credentials.personalize_project_uid },
    }),
  });
  await decisions.ready();
  const services = decisions.services;
  const app = express();
  for (const router of decisions.routers) app.use(router);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const recomputeEvents = new QueueEvents(QUEUES.recompute, {
    connection: workerRedis,
    prefix: queuePrefix(config.QUEUE_PREFIX, QUEUES.recompute),
  });
  await recomputeEvents.waitUntilReady();
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    services,
    registry,
    recomputeEvents,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await workers.close();
      await recomputeEvents.close();
      await registry.close();
      await decisions.close();
      workerRedis.disconnect();
    },
  };
}
