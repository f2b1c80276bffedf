// The UI API in-process against the sandbox: a bare Express app with the UI router and the edge router (so a test
// can send visitors' impressions and conversions and see them in the results; the real HTTP app is wired
// elsewhere), the real queue registry and, when asked, the real workers — all on a random Redis prefix. The UI API
// suite calls it directly; the browser tests put the dev host and the built UI in front of it.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { startSandbox, type RunningSandbox } from '@pb/sandbox';
import { serverEnvironment } from '@pb/sandbox/testing';
import { loadConfig, type Config } from '@pb/server/config';
import { createLogger } from '@pb/server/logger';
import { QueueRegistry } from '@pb/server/queue/registry';
import { httpQueues, type HttpQueues } from '@pb/server/composition/http-queues';
import { budgetSettings, uiApiSettings } from '@pb/server/composition/settings';
import { staticInstallations } from '@pb/server/installations';
import { createBudget } from '@pb/server/budget/request-budget';
import { startWorkerRuntime, type WorkerRuntime } from '@pb/server/worker-runtime';
import { createUiApi, type UiApi } from '@pb/server/ui-api/index';
import { createDecisionServices, createEdgeRouter } from '@pb/server/edge/decision-services';
import { harnessConnection, REDIS_URL, removePrefix } from './redis';
import { sandboxCredentials, type SandboxCredentials } from './sandbox-credentials';

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
  const credentials = await sandboxCredentials(sandbox.url);
  const prefix = `pbui${randomBytes(4).toString('hex')}`;
  const config = loadConfig({
    PORT: '0',
    REDIS_URL,
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    QUEUE_PREFIX: prefix,
    ...serverEnvironment(sandbox.url),
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
  const redis = harnessConnection();
  const queues = httpQueues(new QueueRegistry(redis, { prefix, failFast: true }), { attempts: config.JOB_ATTEMPTS });
  const ui = createUiApi(uiApiSettings(config), {
    redis,
    queues,
    installations: staticInstallations(config),
    budget: createBudget(redis, prefix, budgetSettings(config)),
    log,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const app = express();
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(ui.router);
  // The same prefix as the UI API's results: what the edge records is what the experiences page shows.
  const decisions = createDecisionServices(redis, { prefix, installations: staticInstallations(config) });
  app.use('/edge', createEdgeRouter(decisions.edgeDeps));
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
