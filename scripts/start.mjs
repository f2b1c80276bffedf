// `npm start`: install what is missing, make sure Redis is up, then run the whole app locally:
// the sandbox (when no real Contentstack is configured), the HTTP server, the workers, the UI and the dev host.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './lib/dependencies.mjs';
import { ensureRedis } from './lib/redis.mjs';
import { ensureOpenssl } from './lib/system-packages.mjs';
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
// The sandbox's HTTPS listener (for csdx) follows its HTTP port, so two copies with their own ports do not collide.
const sandboxHttpsPort = process.env.SANDBOX_HTTPS_PORT ?? String(sandboxPort + 343);
const uiPort = Number(process.env.UI_PORT ?? 4200);
const devHostPort = Number(process.env.DEV_HOST_PORT ?? 4300);
const useSandbox = !process.env.CONTENTSTACK_CMA_URL && !process.env.CONTENTSTACK_REGION;
if (useSandbox && sandboxHttpsPort !== 'off') await ensureOpenssl();
const tsx = ['--import', 'tsx'];
const urls = [`server=http://127.0.0.1:${port}`];

const serverUrl = `http://127.0.0.1:${port}`;
const secrets = localSecrets(root);
const env = {
  REDIS_URL: redis.url,
  PORT: String(port),
  // One key for the server and the workers (they read each other's sealed installation records), kept in .run so a
  // reused REDIS_URL stays readable across restarts. A real deployment sets its own (docs/deploy.md).
  INSTALLATION_SECRET_KEY: process.env.INSTALLATION_SECRET_KEY ?? secrets.installationSecretKey,
  ADMIN_USER: process.env.ADMIN_USER ?? 'ops',
  ADMIN_PASSWORD: process.env.ADMIN_PASSWORD ?? secrets.adminPassword,
  // The UI's own origin, as in production: other sites' pages cannot call the UI API from a browser.
  UI_ALLOWED_ORIGINS: process.env.UI_ALLOWED_ORIGINS ?? `http://127.0.0.1:${uiPort},http://localhost:${uiPort}`,
};
let app;
if (useSandbox) {
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  await supervisor.start({
    name: 'sandbox',
    command: process.execPath,
    args: [...tsx, 'sandbox/src/main.ts'],
    // SANDBOX_STATE_FILE: keep the sandbox's state (e.g. a stack made by `npm run sandbox:import`).
    env: {
      SANDBOX_PORT: String(sandboxPort),
      SANDBOX_HTTPS_PORT: sandboxHttpsPort,
      ...(process.env.SANDBOX_STATE_FILE ? { SANDBOX_STATE_FILE: process.env.SANDBOX_STATE_FILE } : {}),
    },
    healthUrl: `${sandboxUrl}/_sandbox/health`,
  });
  Object.assign(env, {
    CONTENTSTACK_SANDBOX_URL: sandboxUrl,
    CONTENTSTACK_CMA_URL: `${sandboxUrl}/v3`,
    CONTENTSTACK_CDA_URL: `${sandboxUrl}/cdn/v3`,
    PERSONALIZE_API_URL: `${sandboxUrl}/personalize`,
    CONTENTSTACK_APP_URL: sandboxUrl,
    CONTENTSTACK_PUBLIC_KEYS_URL: `${sandboxUrl}/.well-known/public-keys.json`,
    APPS_API_URL: `${sandboxUrl}/apps-api`,
  });
  urls.push(`sandbox=${sandboxUrl}`);
  // The server is the sandbox's registered marketplace app: its OAuth client goes to our processes through their
  // environment only, and no stack credential at all — the stack is served because the app gets installed on it.
  const credentials = await (await fetch(`${sandboxUrl}/_sandbox/credentials`)).json();
  app = { apiKey: credentials.api_key, projectUid: credentials.personalize_project_uid };
  // SANDBOX_STACK=<api key>: install on a stack `npm run sandbox:import` made instead of the demo stack.
  if (process.env.SANDBOX_STACK && process.env.SANDBOX_STACK !== app.apiKey) {
    const { stacks } = await (await fetch(`${sandboxUrl}/_sandbox/stacks`)).json();
    const imported = stacks.find((s) => s.api_key === process.env.SANDBOX_STACK);
    if (!imported) throw new Error(`the sandbox has no imported stack ${process.env.SANDBOX_STACK}`);
    app = { apiKey: imported.api_key, projectUid: imported.personalize_project_uid, imported: true };
  }
  Object.assign(env, {
    APP_UID: credentials.app.app_uid,
    APP_CLIENT_ID: credentials.app.client_id,
    APP_CLIENT_SECRET: credentials.app.client_secret,
    APP_REDIRECT_URI: `${serverUrl}/oauth/callback`,
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
  await installApp(env.CONTENTSTACK_SANDBOX_URL, app.apiKey);
  urls.push(`stack=${app.apiKey}`);
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
const devHost = `http://127.0.0.1:${devHostPort}`;
writeRunFile(root, {
  server: serverUrl,
  redis: redis.url,
  ...(useSandbox
    ? {
        sandbox: env.CONTENTSTACK_SANDBOX_URL,
        ui: `http://127.0.0.1:${uiPort}`,
        devHost,
        stackApiKey: app.apiKey,
        projectUid: app.projectUid,
      }
    : {}),
  admin: { user: env.ADMIN_USER, password: env.ADMIN_PASSWORD },
});
process.stdout.write(`personalize-bridge ready ${urls.join(' ')} redis=${redis.url}\n`);
const open = [
  ...(useSandbox
    ? [
        ['entry sidebar', `${devHost}/?location=sidebar&open`],
        ['experiences page', `${devHost}/?location=experiences&open`],
        ['app configuration', `${devHost}/?location=config&open`],
      ]
    : []),
  ['queue dashboard', `${serverUrl}/admin/queues   (user ${env.ADMIN_USER}, password in .run/start.json)`],
  ['metrics', `${serverUrl}/metrics`],
];
process.stdout.write(
  `\nOpen in a browser:\n${open.map(([what, url]) => `  ${what.padEnd(18)} ${url}`).join('\n')}\n` +
    (useSandbox ? `\nThen, in another terminal: npm run demo\n` : ''),
);

/**
 * The admin's install through the sandbox platform, as the marketplace does it: the platform records the
 * installation and sends the signed `install` webhook to our server; the admin's browser follows the redirect to
 * our OAuth callback, which trades the code for the installation's app tokens.
 */
async function installApp(sandboxUrl, apiKey) {
  const post = async (path, body, method = 'POST') => {
    const response = await fetch(`${sandboxUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`the sandbox answered ${response.status} to ${method} ${path}`);
    return response.json();
  };
  await post(
    '/_sandbox/app',
    { redirect_uri: env.APP_REDIRECT_URI, webhook_url: `${serverUrl}/webhooks/contentstack` },
    'PUT',
  );
  const installed = await post('/_sandbox/installations', {
    api_key: apiKey,
    configuration: {
      server_url: serverUrl,
      region: 'NA',
      personalize_project_uid: app.projectUid,
      // The demo's content types: the app links them to each group Personalize's sync makes.
      mirror: {
        deleted_experience: 'keep',
        auto_link_content_types: app.imported ? [] : ['home_hero', 'promo_banner'],
      },
    },
  });
  const callback = await fetch(installed.redirect_url, { headers: { accept: 'application/json' } });
  const answer = await callback.json().catch(() => ({}));
  if (callback.status !== 200 || answer.status !== 'installed') {
    throw new Error(`installing the app failed at the OAuth callback (${callback.status} ${answer.error ?? ''})`);
  }
  say(`installed the app on the sandbox stack ${apiKey} (installation ${installed.installation_uid})`);
}

/** Local-only secrets of `npm start`, created once in .run (gitignored) with owner-only permissions. */
function localSecrets(rootDir) {
  const file = join(rootDir, '.run', 'secrets.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    const created = {
      installationSecretKey: randomBytes(32).toString('base64'),
      adminPassword: randomBytes(12).toString('base64url'),
    };
    mkdirSync(join(rootDir, '.run'), { recursive: true });
    writeFileSync(file, JSON.stringify(created, null, 2), { mode: 0o600 });
    return created;
  }
}

/** What `npm run demo` and people need to find the running app. */
function writeRunFile(rootDir, content) {
  mkdirSync(join(rootDir, '.run'), { recursive: true });
  writeFileSync(join(rootDir, '.run', 'start.json'), JSON.stringify(content, null, 2), { mode: 0o600 });
}
