// The whole app as a marketplace deployment runs it, in-process, against the sandbox: the full HTTP server
// (`startAppServer`) and the workers, configured with the sandbox's OAuth app and NO operator-configured stack, so
// every stack the app serves is one installed through the real flow — the admin's install in the platform (the
// sandbox emits the signed `install` webhook), then the browser's redirect to our OAuth callback.
import { randomBytes } from 'node:crypto';
import type { RedisClient } from '@pb/server/redis';
import { startSandbox, type RunningSandbox } from '@pb/sandbox';
import { installApp, mintAppToken, registerApp, serverEnvironment } from '@pb/sandbox/testing';
import { loadConfig, type Config } from '@pb/server/config';
import { createLogger } from '@pb/server/logger';
import { startAppServer, type AppServer } from '@pb/server/app-server';
import { startWorkerRuntime, type WorkerRuntime } from '@pb/server/worker-runtime';
import { eventually } from './eventually';
import { PersonalizeHelper } from './personalize-helper';
import { freePort } from './ports';
import { harnessConnection, redisEnvironment, removePrefix } from './redis';
import { sandboxCredentials, type SandboxCredentials } from './sandbox-credentials';
import { sandboxJson } from './sandbox-http';

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
  redis: RedisClient;
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

export async function startInstalledApp(
  options: { env?: Record<string, string>; now?: () => number; workers?: boolean; sandbox?: RunningSandbox } = {},
): Promise<InstalledApp> {
  const sandbox = options.sandbox ?? (await startSandbox({ port: 0, timeScale: 0.01 }));
  const credentials = await sandboxCredentials(sandbox.url);
  const prefix = `pbapp${randomBytes(4).toString('hex')}`;
  // The callback's URL is registered with the platform before the server listens: reserve it through a fixed path
  // on a port chosen now, so the app definition and the server agree.
  const config = (port: number) =>
    loadConfig({
      PORT: String(port),
      ...redisEnvironment(),
      LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
      QUEUE_PREFIX: prefix,
      ...serverEnvironment(sandbox.url, credentials.app),
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
  const redirectUri = cfg.APP_REDIRECT_URI;
  if (redirectUri === undefined) throw new Error('the app server has no APP_REDIRECT_URI');
  await registerApp(sandbox.url, {
    redirectUri,
    webhookUrl: `${server.url}/webhooks/contentstack`,
  });
  const redis = harnessConnection();

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
      // The install webhook and the browser's redirect race, as they do for real; the store accepts either order.
      const { installation, callback } = await installApp(sandbox.url, apiKey);
      return { installationUid: installation.installationUid, callback };
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
    appToken: (apiKey, userUid = 'blt_user_author') =>
      mintAppToken(sandbox.url, { apiKey, userUid, location: 'cs.cm.stack.sidebar' }),
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
      await removePrefix(redis, prefix);
      redis.disconnect();
      if (options.sandbox === undefined) await sandbox.close();
    },
  };
  return app;
}
