// Makes sure a Redis >= 7 is reachable: REDIS_URL when set and reachable, otherwise a private
// redis-server on a free loopback port that lives exactly as long as the calling process.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { say, fail } from './log.mjs';
import { capture } from './run.mjs';
import { aptInstall, canUseApt, which } from './system-packages.mjs';

const MIN_MAJOR = 7;

/**
 * Sends raw RESP commands and returns the concatenated reply text, or null when unreachable. The reply is complete
 * when `complete` matches it (default: the INFO reply's version line) or it is an error.
 */
function redisConversation(url, commands, timeoutMs = 1500, complete = /redis_version:/) {
  return new Promise((resolve) => {
    let parsed;
    try {
      parsed = new URL(url);
    } catch {
      resolve(null);
      return;
    }
    const socket = net.connect({ host: parsed.hostname || '127.0.0.1', port: Number(parsed.port || 6379) });
    let reply = '';
    const done = (value) => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(timeoutMs, () => done(null));
    socket.on('error', () => done(null));
    socket.on('connect', () => {
      const auth = parsed.password
        ? [
            [
              'AUTH',
              ...(parsed.username ? [decodeURIComponent(parsed.username)] : []),
              decodeURIComponent(parsed.password),
            ],
          ]
        : [];
      const all = [...auth, ...commands];
      socket.write(
        all.map((c) => `*${c.length}\r\n${c.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`).join(''),
      );
    });
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (complete.test(reply) || reply.startsWith('-')) done(reply);
    });
  });
}

async function serverVersion(url) {
  const reply = await redisConversation(url, [['INFO', 'server']]);
  const match = reply?.match(/redis_version:(\d+)\.(\d+)\.(\d+)/);
  return match ? { major: Number(match[1]), text: `${match[1]}.${match[2]}.${match[3]}` } : null;
}

function freePort(port = 0) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function findRedisServer() {
  let binary = which('redis-server');
  if (!binary && canUseApt()) {
    say('redis-server is not installed: installing Debian package redis-server');
    if (await aptInstall(['redis-server'])) binary = which('redis-server');
  }
  if (!binary) {
    fail(
      'No reachable Redis and no redis-server to start.\n' +
        '  Install Redis >= 7 (Debian/Ubuntu: `apt-get install redis-server`, macOS: `brew install redis`)\n' +
        '  or point REDIS_URL at a running Redis >= 7, then run the command again.',
    );
  }
  const versionText = (await capture(binary, ['--version'])) ?? '';
  const major = Number(versionText.match(/v=(\d+)\./)?.[1] ?? 0);
  if (major < MIN_MAJOR) fail(`${binary} is version ${versionText.trim()}; Redis >= ${MIN_MAJOR} is required.`);
  return binary;
}

/**
 * @param {{root: string, persistent?: boolean}} options persistent: append-only file in .run (for `npm start`).
 * @returns {Promise<{url: string, started: boolean, stop: () => Promise<void>}>}
 */
export async function ensureRedis({ root, persistent = false }) {
  const configured = process.env.REDIS_URL;
  if (configured) {
    const version = await serverVersion(configured);
    if (version && version.major >= MIN_MAJOR) {
      say(`using Redis ${version.text} at REDIS_URL`);
      return { url: configured, started: false, stop: async () => {} };
    }
    say(
      version
        ? `REDIS_URL points at Redis ${version.text} (< ${MIN_MAJOR}); starting a private redis-server instead`
        : 'REDIS_URL is set but not reachable; starting a private redis-server instead',
    );
  }
  const binary = await findRedisServer();
  const port = await freePort();
  const dir = join(root, '.run', `redis-${port}`);
  mkdirSync(dir, { recursive: true });
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--maxmemory-policy',
    'noeviction',
  ];
  args.push('--appendonly', persistent ? 'yes' : 'no');
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `redis://127.0.0.1:${port}`;
  const exited = new Promise((resolve) => child.on('exit', resolve));
  for (let i = 0; i < 100; i++) {
    if (await serverVersion(url)) break;
    if (child.exitCode !== null) fail(`redis-server exited with code ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!(await serverVersion(url))) fail('redis-server did not answer within 10 s');
  say(`started private redis-server on ${url}`);
  return {
    url,
    started: true,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      if (!persistent) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A free loopback port whose cluster bus port (port + 10000) is free too. */
async function freeClusterPort(taken) {
  for (;;) {
    const port = await freePort();
    if (port + 10000 > 65535 || taken.includes(port)) continue;
    const bus = await freePort(port + 10000).catch(() => null);
    if (bus !== null) return port;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts a private Redis Cluster of `masters` masters (no replicas) on free loopback ports: one
 * `redis-server --cluster-enabled yes` each, joined with `redis-cli --cluster create`, ready once every node reports
 * `cluster_state:ok`. The servers are children of this process; `stop` ends them and removes their files.
 * @param {{root: string, masters?: number}} options
 * @returns {Promise<{nodes: string, stop: () => Promise<void>}>} nodes: `127.0.0.1:p1,…` (REDIS_CLUSTER_NODES)
 */
export async function startRedisCluster({ root, masters = 3 }) {
  const binary = await findRedisServer();
  const cli = which('redis-cli');
  if (!cli) fail('redis-cli is missing (Debian: it comes with the redis-tools package, a dependency of redis-server).');
  const ports = [];
  for (let i = 0; i < masters; i++) ports.push(await freeClusterPort(ports));
  const dir = join(root, '.run', `redis-cluster-${ports[0]}`);
  mkdirSync(dir, { recursive: true });
  const children = ports.map((port) =>
    spawn(
      binary,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        `nodes-${port}.conf`,
        '--cluster-node-timeout',
        '5000',
        '--save',
        '',
        '--appendonly',
        'no',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    ),
  );
  const exited = children.map((child) => new Promise((resolve) => child.on('exit', resolve)));
  const stop = async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(exited);
    rmSync(dir, { recursive: true, force: true });
  };
  const urls = ports.map((port) => `redis://127.0.0.1:${port}`);
  try {
    for (const url of urls) {
      let up = false;
      for (let i = 0; i < 100 && !up; i++) {
        up = (await serverVersion(url)) !== null;
        if (!up) await sleep(100);
      }
      if (!up) throw new Error(`cluster node ${url} did not answer within 10 s`);
    }
    const nodes = ports.map((port) => `127.0.0.1:${port}`);
    const created = await capture(cli, ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes']);
    if (created === null) throw new Error('redis-cli --cluster create failed');
    const stateOk = async (url) =>
      /cluster_state:ok/.test(
        (await redisConversation(url, [['CLUSTER', 'INFO']], 1500, /cluster_stats_messages/)) ?? '',
      );
    for (let i = 0; i < 300; i++) {
      if ((await Promise.all(urls.map(stateOk))).every(Boolean)) {
        say(`started private Redis Cluster (${masters} masters) on ${nodes.join(',')}`);
        return { nodes: nodes.join(','), stop };
      }
      await sleep(100);
    }
    throw new Error('the cluster did not reach cluster_state:ok within 30 s');
  } catch (error) {
    await stop();
    fail(error instanceof Error ? error.message : String(error));
  }
}
