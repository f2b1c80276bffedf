// The HTTP process's infrastructure and its own routes: webhook ingest (verify + durable enqueue), the OAuth
// callback, readiness, metrics and the queue dashboard. It builds, once, the fail-fast Redis connection, the queue
// registry, the request budget, the webhook key source and the installations; other features' routers are mounted
// with them (app-server.ts mounts the UI API and the decision API).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { createHttpApp } from '../http/app';
import { type RedisClient, connectForProducer, whenReady } from '../redis';
import { createBudget, type RequestBudget } from '../budget/request-budget';
import { QUEUES } from '../queue/names';
import { QueueRegistry } from '../queue/registry';
import { createPublicKeySource, type PublicKeySource } from '../webhooks/public-keys';
import { createRedisLedger } from '../webhooks/redis-ledger';
import { cachedStackGate } from '../webhooks/admission-cache';
import { HttpMetrics, workerCountersKey } from '../metrics';
import { mirrorKeys } from '../mirror/keys';
import { httpSecurity } from '../http/security';
import { createInstallations, type Installations } from '../install/wiring';
import { httpQueues, type HttpQueues } from './http-queues';
import { budgetSettings } from './settings';

export interface HttpInfrastructure {
  redis: RedisClient;
  queues: HttpQueues;
  budget: RequestBudget;
  installations: Installations;
}

export interface HttpRuntime extends HttpInfrastructure {
  url: string;
  close(): Promise<void>;
}

export async function startHttpRuntime(
  config: Config,
  log: Logger,
  options: {
    keys?: PublicKeySource;
    host?: string;
    /** Other features' routers, given the runtime's infrastructure. */
    routers?: (infrastructure: HttpInfrastructure) => readonly RequestHandler[];
    /** Clock and fetch of the installation side (tests move time to expire app tokens). */
    now?: () => number;
    fetch?: typeof fetch;
  } = {},
): Promise<HttpRuntime> {
  const prefix = config.QUEUE_PREFIX;
  const redis = connectForProducer(config.redis);
  // Until Redis is reachable the server does not listen: senders see a refused connection and retry later.
  await whenReady(redis);
  const queues = httpQueues(new QueueRegistry(redis, { prefix, failFast: true }), {
    attempts: config.JOB_ATTEMPTS,
    dedupTtlSeconds: config.WEBHOOK_DEDUP_TTL_SECONDS,
  });
  const budget = createBudget(redis, prefix, budgetSettings(config));
  const installations = createInstallations(config, redis, {
    budget,
    enqueuePurge: (job) => queues.enqueuePurge(job),
    onAuthorized: async (stackApiKey) => {
      await queues.enqueueStackSweep(stackApiKey);
    },
    log,
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  const mirrorQueue = queues.queue(QUEUES.mirror);
  const eventsQueue = queues.queue(QUEUES.events);
  const metrics = new HttpMetrics(
    [mirrorQueue, eventsQueue],
    { redis, key: workerCountersKey(prefix) },
    { redis, key: mirrorKeys(prefix).overdue },
  );
  const publicKeys =
    options.keys ??
    createPublicKeySource({
      url: config.publicKeysUrl,
      cacheMs: config.PUBLIC_KEYS_CACHE_SECONDS * 1000,
      minRefreshMs: config.PUBLIC_KEYS_MIN_REFRESH_SECONDS * 1000,
    });
  const infrastructure: HttpInfrastructure = { redis, queues, budget, installations };
  const app = createHttpApp({
    webhooks: {
      verify: {
        keys: publicKeys,
        freshnessSeconds: config.WEBHOOK_FRESHNESS_SECONDS,
        hmacToleranceSeconds: config.WEBHOOK_HMAC_TOLERANCE_SECONDS,
        ...(config.WEBHOOK_HMAC_SECRET === undefined
          ? {}
          : { hmac: { secret: config.WEBHOOK_HMAC_SECRET, toleranceSeconds: config.WEBHOOK_HMAC_TOLERANCE_SECONDS } }),
        ...(config.WEBHOOK_BASIC_AUTH_USER === undefined || config.WEBHOOK_BASIC_AUTH_PASSWORD === undefined
          ? {}
          : { basicAuth: { user: config.WEBHOOK_BASIC_AUTH_USER, password: config.WEBHOOK_BASIC_AUTH_PASSWORD } }),
      },
      ledger: createRedisLedger(redis, prefix, config.WEBHOOK_DEDUP_TTL_SECONDS),
      queues,
      stacks: cachedStackGate(installations.gate),
      maxBytes: config.WEBHOOK_MAX_BYTES,
      metrics,
      log,
    },
    security: httpSecurity(config, { redis, log }),
    routers: [installations.callbackRouter(), ...(options.routers?.(infrastructure) ?? [])],
    ops: {
      redis,
      queues: [mirrorQueue, eventsQueue],
      workQueue: mirrorQueue,
      metrics,
      ...(config.ADMIN_USER === undefined || config.ADMIN_PASSWORD === undefined
        ? {}
        : { admin: { user: config.ADMIN_USER, password: config.ADMIN_PASSWORD } }),
      ...(config.METRICS_TOKEN === undefined ? {} : { metricsToken: config.METRICS_TOKEN }),
    },
  });
  const host = options.host ?? config.HOST;
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.PORT, host, (error?: Error) => (error === undefined ? resolve(s) : reject(error)));
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ port }, 'http server listening');
  return {
    ...infrastructure,
    url: `http://${host}:${port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await queues.registry.close();
      redis.disconnect();
    },
  };
}
