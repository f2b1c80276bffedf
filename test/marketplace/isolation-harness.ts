// Two stacks in two organizations with the app installed through the real marketplace flow, against the whole HTTP
// side (`startAppServer`, as `npm run server` runs it) and, while asked, the real workers, on a random Redis prefix.
// The sandbox's seeded "Northwind Outfitters" comes with its Personalize project; "Contoso Staging" (another
// organization, empty) gets one made with its own installation's app token, as an admin would in Personalize.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { startSandbox, type RunningSandbox } from '@pb/sandbox';
import { loadConfig, type Config } from '@pb/server/config';
import { createLogger } from '@pb/server/logger';
import { startAppServer, type AppServer } from '@pb/server/app-server';
import { QUEUES } from '@pb/server/queue/names';
import { startWorkerRuntime, type WorkerRuntime } from '@pb/server/worker-runtime';

export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6399';

export interface SandboxCredentials {
  api_key: string;
  authtoken: string;
  management_token: string;
  organization_uid: string;
  personalize_project_uid: string;
  app: { client_id: string; client_secret: string; app_uid: string; redirect_uri: string };
  stacks: { api_key: string; organization_uid: string }[];
}

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

async function ok(url: string, options: Parameters<typeof http>[1] = {}): Promise<Record<string, unknown>> {
  const answer = await http(url, options);
  if (answer.status >= 300) throw new Error(`${options.method ?? 'GET'} ${url}: HTTP ${answer.status} ${answer.text}`);
  return answer.body;
}

export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last === '' ? '' : `: ${last}`}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
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
  /** Makes a Personalize project connected to the stack (and one experience in it) with the stack's own app token. */
  personalizeProjectFor(apiKey: string): Promise<{ projectUid: string; experienceUid: string }>;
  startWorkers(): Promise<void>;
  stopWorkers(): Promise<void>;
  stop(): Promise<void>;
}

export async function startMarketplace(
  options: { env?: Record<string, string>; now?: () => number } = {},
): Promise<Marketplace> {
  const sandbox = await startSandbox({ port: 0, timeScale: 0.01 });
  const credentials = (await ok(`${sandbox.url}/_sandbox/credentials`)) as unknown as SandboxCredentials;
  const prefix = `pbiso${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    REDIS_URL,
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    QUEUE_PREFIX: prefix,
    CONTENTSTACK_CMA_URL: `${sandbox.url}/v3`,
    PERSONALIZE_API_URL: `${sandbox.url}/personalize`,
    CONTENTSTACK_PUBLIC_KEYS_URL: `${sandbox.url}/.well-known/public-keys.json`,
    APP_CLIENT_ID: credentials.app.client_id,
    APP_CLIENT_SECRET: credentials.app.client_secret,
    APP_UID: credentials.app.app_uid,
    APP_REDIRECT_URI: `${url}/oauth/callback`,
    APPS_API_URL: `${sandbox.url}/apps-api`,
    INSTALLATION_SECRET_KEY: randomBytes(32).toString('base64'),
    SESSION_SECRET: randomBytes(32).toString('hex'),
    BACKOFF_BASE_MS: '200',
    BACKOFF_MAX_MS: '2000',
    SWEEP_INTERVAL_MS: '3600000',
    HTTP_TIMEOUT_MS: '5000',
    ...options.env,
  });
  const log = createLogger(config, 'isolation-test');
  // The platform sends the admin's browser to our callback and the lifecycle webhooks to our receiver.
  await ok(`${sandbox.url}/_sandbox/app`, {
    method: 'PUT',
    body: { redirect_uri: `${url}/oauth/callback`, webhook_url: `${url}/webhooks/contentstack` },
  });
  const server = await startAppServer(config, log, options.now === undefined ? {} : { now: options.now });
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  const queues = [QUEUES.mirror, QUEUES.events, QUEUES.recompute].map(
    (name) => new Queue(name, { connection: redis, prefix }),
  );
  let workers: WorkerRuntime | null = null;

  async function delivered(apiKey: string, event: string, count: number): Promise<void> {
    await eventually(async () => {
      const { deliveries } = (await ok(
        `${sandbox.url}/_sandbox/webhook-deliveries?api_key=${apiKey}&module=app_installation&event=${event}`,
      )) as { deliveries: { attempts: { status?: number }[] }[] };
      const answered = deliveries.filter((d) => d.attempts.some((a) => a.status !== undefined && a.status < 300));
      return answered.length >= count ? true : undefined;
    }, `the ${event} webhook of ${apiKey} answered by the server`);
  }

  async function lifecycleCount(apiKey: string, event: string): Promise<number> {
    const { deliveries } = (await ok(
      `${sandbox.url}/_sandbox/webhook-deliveries?api_key=${apiKey}&module=app_installation&event=${event}`,
    )) as { deliveries: unknown[] };
    return deliveries.length;
  }

  async function exchangeCode(code: string): Promise<string> {
    const tokens = await ok(`${sandbox.url}/apps-api/token`, {
      body: {
        grant_type: 'authorization_code',
        client_id: credentials.app.client_id,
        client_secret: credentials.app.client_secret,
        redirect_uri: `${url}/oauth/callback`,
        code,
      },
    });
    return String(tokens['access_token']);
  }

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
      const before = await lifecycleCount(apiKey, 'install');
      const answer = await http(`${sandbox.url}/_sandbox/installations`, { body: { api_key: apiKey } });
      if (answer.status >= 300) throw new Error(`install ${apiKey}: HTTP ${answer.status} ${answer.text}`);
      const started = answer.body;
      // What the admin's browser does after approving: follow the redirect to our callback.
      const callback = await ok(String(started['redirect_url']));
      if (callback['status'] !== 'installed' || callback['stack_api_key'] !== apiKey)
        throw new Error(`unexpected OAuth callback answer ${JSON.stringify(callback)}`);
      // A new installation emits `install`; a re-authorization of an existing one does not.
      await delivered(apiKey, 'install', answer.status === 201 ? before + 1 : Math.max(before, 1));
      return {
        apiKey,
        organizationUid: organizationOf(apiKey),
        installationUid: String(started['installation_uid']),
      };
    },
    async uninstall(installed) {
      const before = await lifecycleCount(installed.apiKey, 'uninstall');
      await ok(`${sandbox.url}/_sandbox/installations/${installed.installationUid}`, { method: 'DELETE' });
      await delivered(installed.apiKey, 'uninstall', before + 1);
    },
    async appToken(apiKey, userUid = 'isolation_user') {
      const minted = await ok(`${sandbox.url}/_sandbox/app-token`, {
        body: { location: 'cs.cm.stack.full_page', api_key: apiKey, user_uid: userUid },
      });
      return String(minted['app_token']);
    },
    async session(appToken) {
      const answer = await ok(`${url}/api/ui/session`, { body: { app_token: appToken } });
      return String(answer['session_token']);
    },
    async personalizeProjectFor(apiKey) {
      // A re-authorization gives the admin a code of their own; its token acts in the stack's organization.
      const reauthorized = await ok(`${sandbox.url}/_sandbox/installations`, { body: { api_key: apiKey } });
      const token = await exchangeCode(String(reauthorized['code']));
      const project = await ok(`${sandbox.url}/personalize/projects`, {
        token,
        body: { name: `Project of ${apiKey}`, connectedStackApiKey: apiKey },
      });
      const projectUid = String(project['uid']);
      const experience = await ok(`${sandbox.url}/personalize/experiences`, {
        token,
        headers: { 'x-project-uid': projectUid },
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
      await server.close();
      await Promise.allSettled(queues.map((q) => q.close()));
      let cursor = '0';
      do {
        const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (found.length > 0) await redis.del(...found);
      } while (cursor !== '0');
      redis.disconnect();
      await sandbox.close();
    },
  };
}
