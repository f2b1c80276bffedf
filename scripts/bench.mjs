// `npm run bench`: the same bootstrap as `npm test` (dependencies, a Redis), then every bench/*.bench.ts in one
// process (bench/run.ts). Arguments pass through: `npm run bench -- --quick`, `npm run bench -- decisions`.
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './lib/dependencies.mjs';
import { ensureRedis } from './lib/redis.mjs';
import { say } from './lib/log.mjs';
import { run } from './lib/run.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
await ensureDependencies(root);
const redis = await ensureRedis({ root });
const stopRedis = async () => redis.stop();
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => void stopRedis().then(() => process.exit(130)));

say(`bench/run.ts (REDIS_URL=${redis.url})`);
const code = await run('node', ['--import', 'tsx', 'bench/run.ts', ...process.argv.slice(2)], {
  cwd: root,
  env: { ...process.env, REDIS_URL: redis.url },
});
await stopRedis();
process.exit(code);
