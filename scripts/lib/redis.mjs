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

/** Sends raw RESP commands and returns the concatenated reply text, or null when unreachable. */
function redisConversation(url, commands, timeoutMs = 1500) {
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
      if (/redis_version:/.test(reply) || reply.startsWith('-')) done(reply);
    });
  });
}

async function serverVersion(url) {
  const reply = await redisConversation(url, [['INFO', 'server']]);
  const match = reply?.match(/redis_version:(\d+)\.(\d+)\.(\d+)/);
  return match ? { major: Number(match[1]), text: `${match[1]}.${match[2]}.${match[3]}` } : null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
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
