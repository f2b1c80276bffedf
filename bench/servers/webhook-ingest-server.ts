// The servers under test of bench/webhook-ingest.ts, in a process of their own (bench/lib/child-server.ts): the
// real HTTP runtime (signature check, admission, durable enqueue on BullMQ) trusting the bench's signing key, and a
// bare Express route that reads the body and answers 202. The stack is installed as a marketplace installation is.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { loadConfig } from '@pb/server/config';
import { startHttpRuntime } from '@pb/server/http-runtime';
import { createLogger } from '@pb/server/logger';
import type { WebhookIngestUrls } from './webhook-ingest-urls';
import { answerCpuQueries } from '../lib/child-server';

const config = loadConfig({
  PORT: '0',
  REDIS_URL: process.env.REDIS_URL ?? '',
  LOG_LEVEL: 'silent',
  QUEUE_PREFIX: process.env.BENCH_PREFIX ?? '',
  CONTENTSTACK_PUBLIC_KEYS_URL: process.env.CONTENTSTACK_PUBLIC_KEYS_URL ?? '',
  // The limiter stays on (its cost is part of the path) but above this load, which comes from one address.
  RATE_LIMIT_WEBHOOKS: '1000000',
});
const runtime = await startHttpRuntime(config, createLogger(config, 'bench'));
await runtime.installations.store.recordInstall({
  installationUid: 'inst_bench',
  stackApiKey: 'blt_bench',
  organizationUid: 'org_bench',
});

const baseline = express();
baseline.post('/webhooks/contentstack', express.raw({ type: () => true, limit: 1024 * 1024 }), (_req, res) => {
  res.status(202).json({ status: 'queued' });
});
const bare = createServer(baseline);
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));

const urls: WebhookIngestUrls = {
  ingest: `${runtime.url}/webhooks/contentstack`,
  bare: `http://127.0.0.1:${(bare.address() as AddressInfo).port}/webhooks/contentstack`,
};
answerCpuQueries();
process.send?.(urls);
process.once('SIGTERM', () => {
  bare.close();
  void runtime.close().then(() => process.exit(0));
});
