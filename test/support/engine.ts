// A running app with an operator-configured stack, for integration tests and benches: the in-process sandbox (its
// Personalize CMS sync on, as on a real stack), the HTTP server and the workers (in-process or as a child process),
// all on a random Redis prefix that is removed afterwards.
import { randomBytes } from 'node:crypto';
import { startSandbox, type RunningSandbox } from '@pb/sandbox';
import { serverEnvironment } from '@pb/sandbox/testing';
import { loadConfig, type Config } from '@pb/server/config';
import { createLogger } from '@pb/server/logger';
import type { HttpRuntime } from '@pb/server/http-runtime';
import { startAppServer } from '@pb/server/app-server';
import { startWorkerRuntime, type WorkerRuntime } from '@pb/server/worker-runtime';
import { eventually } from './eventually';
import { PersonalizeHelper } from './personalize-helper';
import { queuePrefix } from '@pb/server/queue/names';
import type { RedisClient } from '@pb/server/redis';
import { harnessConnection, redisEnvironment, removePrefix } from './redis';
import { sandboxCredentials, type SandboxCredentials } from './sandbox-credentials';
import { sandboxPost } from './sandbox-http';
import { serveKeys, type KeyServer } from './signing';

/** The content types the engine's stack auto-links (the seeded demo stack has both). */
export const AUTO_LINKED = ['home_hero', 'promo_banner'] as const;

export interface Engine {
  sandbox: RunningSandbox;
  credentials: SandboxCredentials;
  config: Config;
  env: Record<string, string>;
  http: HttpRuntime;
  workers: WorkerRuntime | null;
  redis: RedisClient;
  personalize: PersonalizeHelper;
  startWorkers(): Promise<void>;
  stop(): Promise<void>;
}

export interface EngineOptions {
  timeScale?: number;
  /** How long the sandbox's Personalize takes to sync an experience to the CMS (default 300 ms here). */
  syncDelayMs?: number;
  env?: Record<string, string>;
  /** false: do not start workers in this process (the test runs them as a child process). */
  workers?: boolean;
  /** A standalone Redis for the engine (default: the tests' Redis, a cluster when REDIS_CLUSTER_NODES is set). */
  redisUrl?: string;
  /** Also trust this public key (PEM) for webhook signatures, besides the sandbox's: tests sign their own deliveries. */
  extraPublicKeyPem?: string;
}

export async function startEngine(options: EngineOptions = {}): Promise<Engine> {
  const sandbox = await startSandbox({
    timeScale: options.timeScale ?? 0.01,
    personalizeSyncDelayMs: options.syncDelayMs ?? 300,
  });
  const credentials = await sandboxCredentials(sandbox.url);
  const prefix = `pbtest${randomBytes(4).toString('hex')}`;
  let keyServer: KeyServer | undefined;
  if (options.extraPublicKeyPem !== undefined) {
    const sandboxKeys = (await (await fetch(`${sandbox.url}/.well-known/public-keys.json`)).json()) as Record<
      string,
      string
    >;
    keyServer = await serveKeys({ ...sandboxKeys, 'signing-key-test': options.extraPublicKeyPem });
  }
  const env: Record<string, string> = {
    PORT: '0',
    ...redisEnvironment(options.redisUrl),
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    QUEUE_PREFIX: prefix,
    ...serverEnvironment(sandbox.url),
    ...(keyServer === undefined ? {} : { CONTENTSTACK_PUBLIC_KEYS_URL: keyServer.url }),
    CONTENTSTACK_API_KEY: credentials.api_key,
    CONTENTSTACK_AUTHTOKEN: credentials.authtoken,
    CONTENTSTACK_ORG_UID: credentials.organization_uid,
    PERSONALIZE_PROJECT_UID: credentials.personalize_project_uid,
    BACKOFF_BASE_MS: '200',
    BACKOFF_MAX_MS: '3000',
    JOB_ATTEMPTS: '12',
    SWEEP_INTERVAL_MS: '3600000',
    POLL_INTERVAL_S: '1',
    CONTENTSTACK_AUTO_LINK_CONTENT_TYPES: AUTO_LINKED.join(','),
    HTTP_TIMEOUT_MS: '5000',
    ...options.env,
  };
  const config = loadConfig(env);
  const log = createLogger(config, 'test');
  // The whole HTTP side as `npm run server` runs it (webhooks, ops, the edge API, the UI API).
  const app = await startAppServer(config, log);
  const http: HttpRuntime = { ...app.runtime, url: app.url, close: () => app.close() };
  const workers = options.workers === false ? null : await startWorkerRuntime(config, log);
  await sandboxPost(sandbox.url, '/_sandbox/webhook-targets', {
    api_key: credentials.api_key,
    url: `${http.url}/webhooks/contentstack`,
  });
  const redis = harnessConnection(options.redisUrl);
  const engine: Engine = {
    sandbox,
    credentials,
    config,
    env,
    http,
    workers,
    redis,
    personalize: new PersonalizeHelper(sandbox.url, credentials),
    async startWorkers() {
      engine.workers ??= await startWorkerRuntime(config, log);
    },
    async stop() {
      await engine.workers?.close(2000);
      await http.close();
      await removePrefix(redis, prefix).catch(() => undefined);
      redis.disconnect();
      await keyServer?.close();
      await sandbox.close();
    },
  };
  return engine;
}

/** Idle = nothing waiting, active or delayed in the mirror queue. */
export async function mirrorQueueIdle(engine: Engine, timeoutMs = 60_000): Promise<void> {
  const { Queue } = await import('bullmq');
  const queue = new Queue('mirror', {
    connection: engine.redis,
    prefix: queuePrefix(engine.config.QUEUE_PREFIX, 'mirror'),
  });
  try {
    // Twice in a row: a finishing job may be about to add its successor (latest-wins).
    let quietRounds = 0;
    await eventually(
      async () => {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
        quietRounds = Object.values(counts).every((n) => n === 0) ? quietRounds + 1 : 0;
        return quietRounds >= 3 ? true : undefined;
      },
      timeoutMs,
      'mirror queue idle',
    );
  } finally {
    await queue.close();
  }
}

/** The experiences the edge API serves a visitor, by short uid → variant short uid (null: not in it). */
export async function served(engine: Engine): Promise<Map<string, string | null>> {
  const response = await fetch(`${engine.http.url}/edge/manifest`, {
    headers: { 'x-project-uid': engine.credentials.personalize_project_uid },
  });
  if (!response.ok) throw new Error(`manifest: HTTP ${response.status}`);
  const body = (await response.json()) as { experiences: { shortUid: string; activeVariantShortUid: string | null }[] };
  return new Map(body.experiences.map((e) => [e.shortUid, e.activeVariantShortUid]));
}
