// `npm test`: the same bootstrap as `npm start`, then the static checks and the whole Vitest suite
// against a private Redis. Exits non-zero on the first failing stage.
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './lib/dependencies.mjs';
import { ensureRedis } from './lib/redis.mjs';
import { say } from './lib/log.mjs';
import { run } from './lib/run.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
await ensureDependencies(root);

say('npm run check (types, lint, format, import cycles)');
const checkCode = await run('npm', ['run', '--silent', 'check'], { cwd: root });
if (checkCode !== 0) {
  say('npm run check failed');
  process.exit(checkCode);
}

const redis = await ensureRedis({ root });
const stopRedis = async () => redis.stop();
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => void stopRedis().then(() => process.exit(130)));

const vitestArgs = ['vitest', 'run', ...process.argv.slice(2)];
say(`${vitestArgs.join(' ')} (REDIS_URL=${redis.url})`);
const code = await run('npx', vitestArgs, { cwd: root, env: { ...process.env, REDIS_URL: redis.url } });
await stopRedis();
process.exit(code);
