// Wires the HTTP server: webhook ingest (verify + enqueue), readiness, metrics and the queue dashboard.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from './config';
import { createHttpApp } from './http/app';
import { connectForProducer, whenReady } from './redis';
import { keys } from './queue/names';
import { QueueProducer } from './queue/producer';
import { createPublicKeySource, type PublicKeySource } from './webhooks/public-keys';
import { createRedisLedger } from './webhooks/redis-ledger';
import { HttpMetrics } from './metrics';
import { httpSecurity } from './http/security';
import { createInstallations, type Installations } from './install/wiring';

export interface HttpRuntime {
  url: string;
  producer: QueueProducer;
  installations: Installations;
  close(): Promise<void>;
}

export async function startHttpRuntime(
  config: Config,
  log: Logger,
  options: {
    keys?: PublicKeySource;
    host?: string;
    /** Other features' routers, given the runtime's Redis connection, queue producer and installations. */
    routers?: (runtime: {
      redis: Redis;
      producer: QueueProducer;
      installations: Installations;
    }) => readonly RequestHandler[];
    /** Clock and fetch of the installation side (tests move time to expire app tokens). */
    now?: () => number;
    fetch?: typeof fetch;
  } = {},
): Promise<HttpRuntime> {
  const redis = connectForProducer(config.REDIS_URL);
  // Until Redis is reachable the server does not listen: senders see a refused connection and retry later.
  await whenReady(redis);
  const producer = new QueueProducer(redis, { prefix: config.QUEUE_PREFIX, attempts: config.JOB_ATTEMPTS });
  const k = keys(config.QUEUE_PREFIX);
  const installations = createInstallations(config, redis, {
    enqueuePurge: (job) => producer.enqueuePurge(job),
    onAuthorized: async (stackApiKey) => {
      await producer.enqueueStackSweep(stackApiKey);
    },
    log,
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  const metrics = new HttpMetrics(
    [producer.mirror, producer.events],
    { redis, key: `${config.QUEUE_PREFIX}:metrics` },
    { redis, key: k.overdue },
  );
  const publicKeys =
    options.keys ??
    createPublicKeySource({
      url: config.publicKeysUrl,
      cacheMs: config.PUBLIC_KEYS_CACHE_SECONDS * 1000,
      minRefreshMs: config.PUBLIC_KEYS_MIN_REFRESH_SECONDS * 1000,
    });
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
      ledger: createRedisLedger(redis, k.seenDelivery, config.WEBHOOK_DEDUP_TTL_SECONDS),
      queues: producer,
      stacks: installations.gate,
      maxBytes: config.WEBHOOK_MAX_BYTES,
      metrics,
      log,
    },
    security: httpSecurity(config, { redis, log }),
    routers: [installations.callbackRouter(), ...(options.routers?.({ redis, producer, installations }) ?? [])],
    ops: {
      redis,
      queues: [producer.mirror, producer.events],
      workQueue: producer.mirror,
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
    url: `http://${host}:${port}`,
    producer,
    installations,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await producer.close();
      redis.disconnect();
    },
  };
}
