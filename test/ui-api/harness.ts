// The UI API in-process against the sandbox: a bare Express app with only the UI router mounted (the real HTTP app
// is wired elsewhere), the real producer and, when asked, the real workers — all on a random Redis prefix.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Redis } from 'ioredis';
import { startSandbox, type RunningSandbox } from '@pb/sandbox';
import { loadConfig, type Config } from '@pb/server/config';
import { createLogger } from '@pb/server/logger';
import { QueueRegistry } from '@pb/server/queue/registry';
import { httpQueues, type HttpQueues } from '@pb/server/composition/http-queues';
import { budgetSettings } from '@pb/server/composition/settings';
import { createBudget } from '@pb/server/budget/request-budget';
import { startWorkerRuntime, type WorkerRuntime } from '@pb/server/worker-runtime';
import { createUiApi, type UiApi } from '@pb/server/ui-api/index';

export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6399';

export interface SandboxCredentials {
  api_key: string;
  authtoken: string;
  management_token: string;
  organization_uid: string;
  personalize_project_uid: string;
  /** `authtoken`: the organization's seeded admin user, for Personalize (which refuses management tokens). */
  stacks: { api_key: string; organization_uid: string; authtoken?: string }[];
}

export interface UiApiServer {
  url: string;
  sandbox: RunningSandbox;
  credentials: SandboxCredentials;
  config: Config;
  ui: UiApi;
  queues: HttpQueues;
  startWorkers(): Promise<void>;
  stop(): Promise<void>;
}

export async function startUiApiServer(
  options: { env?: Record<string, string>; now?: () => number; sandbox?: RunningSandbox } = {},
): Promise<UiApiServer> {
  const sandbox = options.sandbox ?? (await startSandbox({ port: 0, timeScale: 0.01 }));
  const credentials = (await (await fetch(`${sandbox.url}/_sandbox/credentials`)).json()) as SandboxCredentials;
  const prefix = `pbui${randomBytes(4).toString('hex')}`;
  const config = loadConfig({
    PORT: '0',
    REDIS_URL,
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    QUEUE_PREFIX: prefix,
    CONTENTSTACK_CMA_URL: `${sandbox.url}/v3`,
    PERSONALIZE_API_URL: `${sandbox.url}/personalize`,
    CONTENTSTACK_PUBLIC_KEYS_URL: `${sandbox.url}/.well-known/public-keys.json`,
    CONTENTSTACK_API_KEY: credentials.api_key,
    CONTENTSTACK_AUTHTOKEN: credentials.authtoken,
    CONTENTSTACK_ORG_UID: credentials.organization_uid,
    PERSONALIZE_PROJECT_UID: credentials.personalize_project_uid,
    BACKOFF_BASE_MS: '200',
    BACKOFF_MAX_MS: '2000',
    SWEEP_INTERVAL_MS: '3600000',
    HTTP_TIMEOUT_MS: '5000',
    ...options.env,
  });
  const log = createLogger(config, 'ui-api-test');
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  const queues = httpQueues(new QueueRegistry(redis, { prefix, failFast: true }), { attempts: config.JOB_ATTEMPTS });
  const ui = createUiApi(config, {
    redis,
    queues,
    budget: createBudget(redis, prefix, budgetSettings(config)),
    log,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const app = express();
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(ui.router);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  let workers: WorkerRuntime | null = null;
  return {
    url: `http://127.0.0.1:${port}`,
    sandbox,
    credentials,
    config,
    ui,
    queues,
    async startWorkers() {
      workers ??= await startWorkerRuntime(config, log);
    },
    async stop() {
      await workers?.close(2000);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ui.close();
      await queues.registry.close();
      await removePrefix(redis, prefix);
      redis.disconnect();
      if (options.sandbox === undefined) await sandbox.close();
    },
  };
}

async function removePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (found.length > 0) await redis.del(...found);
  } while (cursor !== '0');
}

export async function sandboxJson(base: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** Installs the app on a stack (as the marketplace does) and mints a signed-location app token for a user. */
export async function appTokenFor(sandboxUrl: string, apiKey: string, userUid = 'ui_test_user'): Promise<string> {
  await sandboxJson(sandboxUrl, '/_sandbox/installations', { api_key: apiKey, configuration: {} });
  const minted = await sandboxJson(sandboxUrl, '/_sandbox/app-token', {
    location: 'cs.cm.stack.full_page',
    api_key: apiKey,
    user_uid: userUid,
  });
  return String(minted['app_token']);
}

export async function call(
  url: string,
  options: { method?: string; token?: string; body?: unknown; origin?: string } = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.origin !== undefined) headers['origin'] = options.origin;
  const response = await fetch(url, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}
