// `npm start`: install what is missing, make sure Redis is up, then run the whole app locally:
// the sandbox (when no real Contentstack is configured), the HTTP server and the workers.
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
}

await supervisor.start({
  name: 'server',
  command: process.execPath,
  args: [...tsx, 'server/src/main-http.ts'],
  env,
  healthUrl: `http://127.0.0.1:${port}/healthz`,
});

say('all processes are up');
process.stdout.write(`personalize-bridge ready ${urls.join(' ')} redis=${redis.url}\n`);
