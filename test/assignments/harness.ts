// The decision side on top of the mirror engine (test/support/engine.ts): the recompute-assignments worker and an
// HTTP server with the edge and results routers, on the engine's Redis prefix. Built here (not through the HTTP and
// worker runtimes) so these tests exercise exactly the assignments code, whatever else the runtimes mount; the HTTP
// side is `createDecisionApi`, the same factory the HTTP runtime mounts.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { createLogger } from '@pb/server/logger';
import { createRedisBudget } from '@pb/server/budget/request-budget';
import { keys, QUEUES } from '@pb/server/queue/names';
import { staticInstallations } from '@pb/server/installations';
import { startRecomputeWorker } from '@pb/server/assignments/wiring';
import type { DecisionServices } from '@pb/server/edge/decision-services';
import { createDecisionApi } from '@pb/server/edge/decision-api';
import { adminCredentialAuthorizer } from '@pb/server/results/authorize';
import type { Engine } from '../support/engine';

export const ADMIN = { user: 'ops', password: 'results-secret' };

export interface DecisionSide {
  url: string;
  services: DecisionServices;
  recompute: Queue;
  recomputeEvents: QueueEvents;
  stop(): Promise<void>;
}

export async function startDecisionSide(engine: Engine): Promise<DecisionSide> {
  const { config } = engine;
  const log = createLogger(config, 'assignments-test');
  const workerRedis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  workerRedis.on('error', () => undefined);
  const installations = staticInstallations(config);
  const budget = createRedisBudget(workerRedis, {
    limits: {
      read: config.BUDGET_CMA_READS_PER_SECOND,
      write: config.BUDGET_CMA_WRITES_PER_SECOND,
      personalize: config.BUDGET_PERSONALIZE_PER_SECOND,
    },
    windowMs: 1000 + config.BUDGET_WINDOW_MARGIN_MS,
    keyFor: keys(config.QUEUE_PREFIX).budget,
  });
  const { worker } = startRecomputeWorker({ config, redis: workerRedis, budget, installations, log });
  const decisions = createDecisionApi(config, {
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
  const recompute = new Queue(QUEUES.recompute, { connection: workerRedis, prefix: config.QUEUE_PREFIX });
  const recomputeEvents = new QueueEvents(QUEUES.recompute, { connection: workerRedis, prefix: config.QUEUE_PREFIX });
  await recomputeEvents.waitUntilReady();
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    services,
    recompute,
    recomputeEvents,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await worker.close();
      await recomputeEvents.close();
      await recompute.close();
      await decisions.close();
      workerRedis.disconnect();
    },
  };
}
