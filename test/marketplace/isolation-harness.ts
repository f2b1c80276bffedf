// Two stacks in two organizations with the app installed through the real marketplace flow, against the whole HTTP
// side and, while asked, the real workers — the installed app of `test/support/installed-app.ts`, plus what the
// isolation attempts need: the queues to prove nothing was queued, and a Personalize project for "Contoso Staging"
// (another organization, empty) made by that organization's admin in Personalize.
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import type { RunningSandbox } from '@pb/sandbox';
import type { Config } from '@pb/server/config';
import { createLogger } from '@pb/server/logger';
import type { AppServer } from '@pb/server/app-server';
import { QUEUES, queuePrefix } from '@pb/server/queue/names';
import { startWorkerRuntime, type WorkerRuntime } from '@pb/server/worker-runtime';
import { eventually } from '../support/eventually';
import { startInstalledApp } from '../support/installed-app';
import type { SandboxCredentials } from '../support/sandbox-credentials';

export { eventually };

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
  text: string;
}

export async function http(
  url: string,
  options: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  let body: Record<string, unknown>;
  try {
    body = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    body = {}; // HTML answers (a browser's view of the OAuth callback) are read through `text`
  }
  return { status: response.status, body, headers: response.headers, text };
}

/**
 * A call to the sandbox's Contentstack APIs as a person makes it: the workers share the organization's rate limit, so
 * a 429 is waited out (Retry-After) a few times instead of read as the answer.
 */
export async function contentstack(url: string, options: Parameters<typeof http>[1] = {}): Promise<Answer> {
  for (let tries = 1; ; tries++) {
    const answer = await http(url, options);
    if (answer.status !== 429 || tries >= 10) return answer;
    const seconds = Number(answer.headers.get('retry-after') ?? '1');
    await new Promise((resolve) => setTimeout(resolve, (Number.isFinite(seconds) ? seconds : 1) * 1000 + 100));
  }
}

async function ok(url: string, options: Parameters<typeof http>[1] = {}): Promise<Record<string, unknown>> {
  const answer = await contentstack(url, options);
  if (answer.status >= 300) throw new Error(`${options.method ?? 'GET'} ${url}: HTTP ${answer.status} ${answer.text}`);
  return answer.body;
}

export interface Installed {
  apiKey: string;
  organizationUid: string;
  installationUid: string;
}

export interface Marketplace {
  sandbox: RunningSandbox;
  credentials: SandboxCredentials;
  config: Config;
  server: AppServer;
  url: string;
  /** Mirror, webhook-event and recompute queues (read-only use: the test's "nothing was queued" checks). */
  queues: Queue[];
  install(apiKey: string): Promise<Installed>;
  uninstall(installed: Installed): Promise<void>;
  /** A signed-location app token the sandbox mints for the stack's current installation. */
  appToken(apiKey: string, userUid?: string): Promise<string>;
  session(appToken: string): Promise<string>;
  /** Makes a Personalize project connected to the stack (and one experience in it), as the organization's admin. */
  personalizeProjectFor(apiKey: string): Promise<{ projectUid: string; experienceUid: string }>;
  startWorkers(): Promise<void>;
  stopWorkers(): Promise<void>;
  stop(): Promise<void>;
}

export async function startMarketplace(
  options: { env?: Record<string, string>; now?: () => number } = {},
): Promise<Marketplace> {
  const app = await startInstalledApp({
    workers: false,
    env: { SESSION_SECRET: randomBytes(32).toString('hex'), ...options.env },
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const { sandbox, credentials, config, server } = app;
  const url = server.url;
  const log = createLogger(config, 'isolation-test');
  const queues = [QUEUES.mirror, QUEUES.events, QUEUES.recompute].map(
    (name) => new Queue(name, { connection: app.redis, prefix: queuePrefix(app.prefix, name) }),
  );
  let workers: WorkerRuntime | null = null;

  const organizationOf = (apiKey: string) =>
    credentials.stacks.find((s) => s.api_key === apiKey)?.organization_uid ?? credentials.organization_uid;

  return {
    sandbox,
    credentials,
    config,
    server,
    url,
    queues,
    async install(apiKey) {
      // The admin installs (or re-authorizes) and the browser follows the redirect to our callback.
      const { installationUid, callback } = await app.install(apiKey);
      if (callback.status !== 200 || callback.body['stack_api_key'] !== apiKey)
        throw new Error(`unexpected OAuth callback answer ${JSON.stringify(callback)}`);
      await app.installWebhookApplied(apiKey, installationUid);
      return { apiKey, organizationUid: organizationOf(apiKey), installationUid };
    },
    async uninstall(installed) {
      await app.uninstall(installed.installationUid);
      await eventually(
        async () =>
          (await server.runtime.installations.store.status(installed.apiKey)) === undefined ? true : undefined,
        45_000,
        `the uninstall webhook of ${installed.apiKey}`,
      );
    },
    appToken: (apiKey, userUid = 'isolation_user') => app.appToken(apiKey, userUid),
    async session(appToken) {
      const answer = await ok(`${url}/api/ui/session`, { body: { app_token: appToken } });
      return String(answer['session_token']);
    },
    async personalizeProjectFor(apiKey) {
      // The organization's admin makes the project in Personalize with their own user token: the app only reads
      // Personalize (its manifest asks for `personalize:read`, not `personalize:manage`).
      const admin = app.credentials.stacks.find((s) => s.api_key === apiKey)?.authtoken;
      if (admin === undefined) throw new Error(`the sandbox seeds no admin user for ${apiKey}`);
      const headers = { authtoken: admin };
      const project = await ok(`${sandbox.url}/personalize/projects`, {
        headers,
        body: { name: `Project of ${apiKey}`, connectedStackApiKey: apiKey },
      });
      const projectUid = String(project['uid']);
      const experience = await ok(`${sandbox.url}/personalize/experiences`, {
        headers: { ...headers, 'x-project-uid': projectUid },
        body: { name: 'Contoso banner', __type: 'AB_TEST' },
      });
      return { projectUid, experienceUid: String(experience['uid']) };
    },
    async startWorkers() {
      workers ??= await startWorkerRuntime(config, log);
    },
    async stopWorkers() {
      await workers?.close(2000);
      workers = null;
    },
    async stop() {
      await workers?.close(2000);
      await Promise.allSettled(queues.map((q) => q.close()));
      await app.stop();
    },
  };
}
