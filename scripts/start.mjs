// `npm start`: install what is missing, make sure Redis is up, then run the whole app locally:
// the sandbox (when no real Contentstack is configured), the HTTP server, the workers, the UI and the dev host.
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './lib/dependencies.mjs';
import { ensureRedis } from './lib/redis.mjs';
import { say } from './lib/log.mjs';
import { Supervisor } from './lib/supervise.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
await ensureDependencies(root);

const supervisor = new Supervisor();
supervisor.handleSignals();
const redis = await ensureRedis({ root });
supervisor.onStop(redis.stop);

const port = Number(process.env.PORT ?? 4000);
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 4100);
const uiPort = Number(process.env.UI_PORT ?? 4200);
const devHostPort = Number(process.env.DEV_HOST_PORT ?? 4300);
const useSandbox = !process.env.CONTENTSTACK_CMA_URL && !process.env.CONTENTSTACK_REGION;
const tsx = ['--import', 'tsx'];
const urls = [`server=http://127.0.0.1:${port}`];

const env = { REDIS_URL: redis.url, PORT: String(port) };
if (useSandbox) {
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  await supervisor.start({
    name: 'sandbox',
    command: process.execPath,
    args: [...tsx, 'sandbox/src/main.ts'],
    env: { SANDBOX_PORT: String(sandboxPort) },
    healthUrl: `${sandboxUrl}/_sandbox/health`,
  });
  Object.assign(env, {
    CONTENTSTACK_SANDBOX_URL: sandboxUrl,
    CONTENTSTACK_CMA_URL: `${sandboxUrl}/v3`,
    CONTENTSTACK_CDA_URL: `${sandboxUrl}/cdn/v3`,
    PERSONALIZE_API_URL: `${sandboxUrl}/personalize`,
    CONTENTSTACK_APP_URL: sandboxUrl,
    CONTENTSTACK_PUBLIC_KEYS_URL: `${sandboxUrl}/.well-known/public-keys.json`,
  });
  urls.push(`sandbox=${sandboxUrl}`);
  // The seeded demo stack is the one the engine mirrors. Credentials go to our processes through their environment
  // only: they are never printed.
  const credentials = await (await fetch(`${sandboxUrl}/_sandbox/credentials`)).json();
  Object.assign(env, {
    CONTENTSTACK_API_KEY: credentials.api_key,
    CONTENTSTACK_AUTHTOKEN: credentials.authtoken,
    CONTENTSTACK_MANAGEMENT_TOKEN: credentials.management_token,
    CONTENTSTACK_ORG_UID: credentials.organization_uid,
    PERSONALIZE_PROJECT_UID: credentials.personalize_project_uid,
  });
}

await supervisor.start({
  name: 'server',
  command: process.execPath,
  args: [...tsx, 'server/src/main-http.ts'],
  env,
  healthUrl: `http://127.0.0.1:${port}/healthz`,
});

// /readyz answers 200 once Redis is reachable and at least one worker listens on the queue.
await supervisor.start({
  name: 'worker',
  command: process.execPath,
  args: [...tsx, 'server/src/main-worker.ts'],
  env,
  healthUrl: `http://127.0.0.1:${port}/readyz`,
});

if (useSandbox) {
  // The sandbox sends the demo stack's webhooks (entries, entry variants, experiences) to our server.
  const registered = await fetch(`${env.CONTENTSTACK_SANDBOX_URL}/_sandbox/webhook-targets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ api_key: env.CONTENTSTACK_API_KEY, url: `http://127.0.0.1:${port}/webhooks/contentstack` }),
  });
  if (!registered.ok) say(`could not register the server's webhook with the sandbox (${registered.status})`);
}

// The UI is served from its production build (what the CMS would load); the dev host plays the CMS around it.
// `npm run dev-host -w app-ui` runs the Vite dev server with hot reload instead.
if (useSandbox) {
  await supervisor.start({
    name: 'ui',
    command: process.execPath,
    args: [...tsx, 'app-ui/dev-host/main.ts', '--built'],
    env: {
      UI_PORT: String(uiPort),
      DEV_HOST_PORT: String(devHostPort),
      SANDBOX_URL: env.CONTENTSTACK_SANDBOX_URL,
      SERVER_URL: `http://127.0.0.1:${port}`,
    },
    healthUrl: `http://127.0.0.1:${devHostPort}/healthz`,
    timeoutMs: 180_000,
  });
  urls.push(`ui=http://127.0.0.1:${uiPort}`, `dev-host=http://127.0.0.1:${devHostPort}`);
}

say('all processes are up');
process.stdout.write(`personalize-bridge ready ${urls.join(' ')} redis=${redis.url}\n`);
