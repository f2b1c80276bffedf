// The whole app as a marketplace deployment runs it, in-process, against the sandbox: the full HTTP server
// (`startAppServer`) and the workers, configured with the sandbox's OAuth app and NO operator-configured stack, so
// every stack the app serves is one installed through the real flow — the admin's install in the platform (the
// sandbox emits the signed `install` webhook), then the browser's redirect to our OAuth callback.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { startSandbox, type RunningSandbox } from '@pb/sandbox';
import { loadConfig, type Config } from '@pb/server/config';
import { createLogger } from '@pb/server/logger';
import { startAppServer, type AppServer } from '@pb/server/app-server';
import { startWorkerRuntime, type WorkerRuntime } from '@pb/server/worker-runtime';
import { eventually, PersonalizeHelper, REDIS_URL } from '../mirror/harness';
import type { SandboxCredentials as UiApiSandboxCredentials } from '../ui-api/harness';

/** The sandbox's credentials document, with the registered app the install flow needs. */
export interface SandboxCredentials extends UiApiSandboxCredentials {
  app: { client_id: string; client_secret: string; app_uid: string; redirect_uri: string };
}

export interface InstallAnswer {
  installationUid: string;
  /** Our callback's answer to the admin's browser. */
  callback: { status: number; body: Record<string, unknown> };
}

export interface InstalledApp {
  sandbox: RunningSandbox;
  credentials: SandboxCredentials;
  config: Config;
  prefix: string;
  server: AppServer;
  workers: WorkerRuntime | null;
  redis: Redis;
  /** Drives Personalize as the marketer of the seeded (Northwind) stack. */
  personalize: PersonalizeHelper;
  install(apiKey: string): Promise<InstallAnswer>;
  /** Waits until the server has applied the `install` webhook of this installation. */
  installWebhookApplied(apiKey: string, installationUid: string): Promise<void>;
  uninstall(installationUid: string): Promise<void>;
  /** A signed-location app token for a user of the stack, minted by the platform. */
  appToken(apiKey: string, userUid?: string): Promise<string>;
  /** The app's session for that token (`POST /api/ui/session`). */
  session(apiKey: string, userUid?: string): Promise<string>;
  stop(): Promise<void>;
}

export async function sandboxJson<T>(url: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', accept: 'application/json', ...init.headers },
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as T };
}

export async function startInstalledApp(
  options: { env?: Record<string, string>; now?: () => number; workers?: boolean; sandbox?: RunningSandbox } = {},
): Promise<InstalledApp> {
  const sandbox = options.sandbox ?? (await startSandbox({ port: 0, timeScale: 0.01 }));
  const credentials = (await sandboxJson<SandboxCredentials>(`${sandbox.url}/_sandbox/credentials`)).body;
  const prefix = `pbapp${randomBytes(4).toString('hex')}`;
  // The callback's URL is registered with the platform before the server listens: reserve it through a fixed path
  // on a port chosen now, so the app definition and the server agree.
  const config = (port: number) =>
    loadConfig({
      PORT: String(port),
      REDIS_URL,
      LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
      QUEUE_PREFIX: prefix,
      CONTENTSTACK_CMA_URL: `${sandbox.url}/v3`,
      PERSONALIZE_API_URL: `${sandbox.url}/personalize`,
      CONTENTSTACK_PUBLIC_KEYS_URL: `${sandbox.url}/.well-known/public-keys.json`,
      APPS_API_URL: `${sandbox.url}/apps-api`,
      APP_UID: credentials.app.app_uid,
      APP_CLIENT_ID: credentials.app.client_id,
      APP_CLIENT_SECRET: credentials.app.client_secret,
      APP_REDIRECT_URI: `http://127.0.0.1:${port}/oauth/callback`,
      INSTALLATION_SECRET_KEY: randomBytes(32).toString('base64'),
      BACKOFF_BASE_MS: '200',
      BACKOFF_MAX_MS: '2000',
      SWEEP_INTERVAL_MS: '3600000',
      HTTP_TIMEOUT_MS: '5000',
      ...options.env,
    });
  const port = await freePort();
  const cfg = config(port);
  const log = createLogger(cfg, 'marketplace-test');
  const clock = options.now === undefined ? {} : { now: options.now };
  const server = await startAppServer(cfg, log, clock);
  const workers = options.workers === false ? null : await startWorkerRuntime(cfg, log);
  await sandboxJson(`${sandbox.url}/_sandbox/app`, {
    method: 'PUT',
    body: JSON.stringify({ redirect_uri: cfg.APP_REDIRECT_URI, webhook_url: `${server.url}/webhooks/contentstack` }),
  });
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);

  const app: InstalledApp = {
    sandbox,
    credentials,
    config: cfg,
    prefix,
    server,
    workers,
    redis,
    personalize: new PersonalizeHelper(sandbox.url, credentials),
    async install(apiKey) {
      const installed = await sandboxJson<{ installation_uid: string; redirect_url: string }>(
        `${sandbox.url}/_sandbox/installations`,
        { method: 'POST', body: JSON.stringify({ api_key: apiKey }) },
      );
      if (installed.status >= 300) throw new Error(`install refused: ${installed.status}`);
      // The install webhook and the browser's redirect race, as they do for real; the store accepts either order.
      const callback = await sandboxJson<Record<string, unknown>>(installed.body.redirect_url);
      return { installationUid: installed.body.installation_uid, callback };
    },
    async installWebhookApplied(apiKey, installationUid) {
      // Only the webhook carries the app's uid: the callback alone leaves it unset.
      await eventually(
        async () => {
          const view = await server.runtime.installations.store.view(apiKey);
          return view?.installationUid === installationUid && view.appUid !== undefined ? true : undefined;
        },
        15_000,
        `the install webhook of ${installationUid}`,
      );
    },
    async uninstall(installationUid) {
      const answer = await sandboxJson(`${sandbox.url}/_sandbox/installations/${installationUid}`, {
        method: 'DELETE',
      });
      if (answer.status !== 200) throw new Error(`uninstall refused: ${answer.status}`);
    },
    async appToken(apiKey, userUid = 'blt_user_author') {
      const minted = await sandboxJson<{ app_token: string }>(`${sandbox.url}/_sandbox/app-token`, {
        method: 'POST',
        body: JSON.stringify({ location: 'cs.cm.stack.sidebar', api_key: apiKey, user_uid: userUid }),
      });
      if (minted.status !== 201) throw new Error(`app token refused: ${minted.status}`);
      return minted.body.app_token;
    },
    async session(apiKey, userUid) {
      const token = await app.appToken(apiKey, userUid);
      const answer = await sandboxJson<{ session_token: string }>(`${server.url}/api/ui/session`, {
        method: 'POST',
        body: JSON.stringify({ app_token: token }),
      });
      if (answer.status !== 200) throw new Error(`session refused: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body.session_token;
    },
    async stop() {
      await workers?.close(2000);
      await server.close();
      let cursor = '0';
      do {
        const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (found.length > 0) await redis.unlink(...found);
      } while (cursor !== '0');
      redis.disconnect();
      if (options.sandbox === undefined) await sandbox.close();
    },
  };
  return app;
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
