// `npm test`: the same bootstrap as `npm start`, then the static checks and the whole Vitest suite
// against a private Redis. Exits non-zero on the first failing stage.
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './lib/dependencies.mjs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureRedis, startRedisCluster } from './lib/redis.mjs';
import { ensureChromium, ensureOpenssl } from './lib/system-packages.mjs';
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

const chromium = existsSync(join(root, 'test', 'browser')) ? await ensureChromium() : undefined;
await ensureOpenssl();
const redis = await ensureRedis({ root });
let cluster;
const stopRedis = async () => {
  await redis.stop();
  await cluster?.stop();
};
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => void stopRedis().then(() => process.exit(130)));

// Stages, cheapest first; extra arguments (`npm test -- <filter>`) run one vitest with them instead. The cluster
// stage gets a private 3-master Redis Cluster, started just before it and stopped right after.
const env = { ...process.env, REDIS_URL: redis.url, ...(chromium ? { CHROMIUM_PATH: chromium } : {}) };
const extra = process.argv.slice(2);
const stages = extra.length
  ? [{ args: extra }]
  : [
      { args: ['--project', 'unit', '--project', 'app-ui'] },
      { args: ['--project', 'integration'] },
      { args: ['--project', 'cluster'], cluster: true },
      { args: ['--project', 'browser'] },
    ];
let code = 0;
for (const stage of stages) {
  const args = ['vitest', 'run', ...stage.args];
  let stageEnv = env;
  if (stage.cluster) {
    cluster = await startRedisCluster({ root });
    stageEnv = { ...env, REDIS_CLUSTER_NODES: cluster.nodes };
  }
  say(`${args.join(' ')} (${stage.cluster ? `REDIS_CLUSTER_NODES=${cluster.nodes}` : `REDIS_URL=${redis.url}`})`);
  code = await run('npx', args, { cwd: root, env: stageEnv });
  if (stage.cluster) {
    await cluster.stop();
    cluster = undefined;
  }
  if (code !== 0) break;
}
await stopRedis();
process.exit(code);
