/**
 * `npm start` as a newcomer runs it: the real bootstrap script as a child process. It must reach its ready
 * line, answer /healthz, reuse a reachable REDIS_URL or start a private Redis when REDIS_URL is unreachable, and stop
 * everything it started on SIGTERM.
 */
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { mintAppToken } from '@pb/sandbox/testing';
import { freePort, reachable } from '../support/ports';
import { startUntilReady, urlOf, type Started } from '../support/processes';

const running: ChildProcess[] = [];

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

const startApp = (env: Record<string, string>): Promise<Started> =>
  startUntilReady(process.execPath, ['scripts/start.mjs'], {
    env,
    timeoutMs: 120_000,
    spawned: (child) => running.push(child),
  });

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

describe('npm start', () => {
  it('reuses a reachable REDIS_URL, serves /healthz and stops everything on SIGTERM', async () => {
    const redisUrl = process.env.REDIS_URL;
    if (!redisUrl) throw new Error('REDIS_URL must be set by npm test');
    const port = await freePort();
    const sandboxPort = await freePort();
    const { child, readyLine } = await startApp({
      REDIS_URL: redisUrl,
      PORT: String(port),
      SANDBOX_PORT: String(sandboxPort),
      SANDBOX_HTTPS_PORT: String(await freePort()),
      UI_PORT: String(await freePort()),
      DEV_HOST_PORT: String(await freePort()),
    });
    expect(urlOf(readyLine, 'redis')).toBe(redisUrl);
    const server = urlOf(readyLine, 'server');
    expect(server).toBe(`http://127.0.0.1:${port}`);
    const health = await fetch(`${server}/healthz`);
    expect(health.status).toBe(200);
    const sandbox = urlOf(readyLine, 'sandbox');
    expect((await fetch(`${sandbox}/_sandbox/health`)).status).toBe(200);
    const devHost = urlOf(readyLine, 'dev-host');
    expect((await fetch(`${devHost}/healthz`)).status).toBe(200);
    const sidebar = await fetch(`${urlOf(readyLine, 'ui')}/sidebar`);
    expect(sidebar.status).toBe(200);
    expect(await sidebar.text()).toContain('<div id="root">');

    // The app was installed on the seeded stack through the platform's flow, so the stack's users get app sessions.
    const credentials = (await (await fetch(`${sandbox}/_sandbox/credentials`)).json()) as { api_key: string };
    const installations = (await (await fetch(`${sandbox}/_sandbox/installations`)).json()) as {
      installations: { target: { uid: string } }[];
    };
    expect(installations.installations.map((i) => i.target.uid)).toEqual([credentials.api_key]);
    const app_token = await mintAppToken(sandbox, {
      location: 'cs.cm.stack.sidebar',
      apiKey: credentials.api_key,
      userUid: 'u1',
    });
    const session = await fetch(`${server}/api/ui/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_token }),
    });
    expect(session.status).toBe(200);

    expect(await stop(child)).toBe(0);
    expect(await reachable(port)).toBe(false);
    expect(await reachable(sandboxPort)).toBe(false);
  });

  it('starts a private Redis when REDIS_URL is unreachable, and stops it on SIGTERM', async () => {
    const deadPort = await freePort();
    const { child, readyLine } = await startApp({
      REDIS_URL: `redis://127.0.0.1:${deadPort}`,
      PORT: String(await freePort()),
      SANDBOX_PORT: String(await freePort()),
      SANDBOX_HTTPS_PORT: String(await freePort()),
      UI_PORT: String(await freePort()),
      DEV_HOST_PORT: String(await freePort()),
    });
    const privateRedis = new URL(urlOf(readyLine, 'redis'));
    expect(Number(privateRedis.port)).not.toBe(deadPort);
    expect(await reachable(Number(privateRedis.port))).toBe(true);

    expect(await stop(child)).toBe(0);
    expect(await reachable(Number(privateRedis.port))).toBe(false);
  });
});
