/**
 * The round trip a user makes to try the app on their own content, with the real commands end to end:
 * 1. `csdx cm:stacks:export` of a stack (here the sandbox's demo stack, standing in for the user's real one), from
 *    a sandbox that keeps its state in a file;
 * 2. `npm run sandbox:import -- <export folder>` on that state file: the export becomes a new sandbox stack;
 * 3. `npm start` with SANDBOX_STATE_FILE and SANDBOX_STACK: the sandbox comes back with the imported stack and the app
 *    is installed on it (not on the seeded one);
 * 4. `npm run demo`, reading only what `npm start` wrote to .run/start.json: the whole story runs on that stack.
 * Each step is checked by reading the sandbox, not the commands' own word: the installation's target, the imported
 * project's experiences and the imported stack's entries, and the seeded stack left untouched.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SANDBOX_SEED, startSandbox } from '@pb/sandbox';
import { freePort } from '../support/ports';
import { REPO_ROOT, runToEnd, startUntilReady, urlOf, type Finished, type Started } from '../support/processes';
import { csdxFor } from './csdx';

const running: ChildProcess[] = [];

/** Runs a command of the repository to its end (npm scripts as a user types them). */
const run = (command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Finished> =>
  runToEnd(command, args, { env, timeoutMs });

/** `npm start` as a child process (its own process group, so the whole tree stops with it), until its ready line. */
const npmStart = (env: NodeJS.ProcessEnv): Promise<Started> =>
  startUntilReady('npm', ['start'], {
    env,
    timeoutMs: 240_000,
    detached: true,
    spawned: (child) => running.push(child),
  });

/** SIGTERM to npm and everything under it (its own process group), then wait for it to go. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(-child.pid, 'SIGTERM');
  await exited;
}

const json = async <S extends z.ZodType>(schema: S, url: string, headers: Record<string, string> = {}) => {
  const response = await fetch(url, { headers });
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
  return schema.parse(await response.json());
};

const importedStacks = z.object({
  stacks: z.array(
    z.object({
      api_key: z.string(),
      name: z.string(),
      delivery_token: z.string(),
      personalize_project_uid: z.string().nullable(),
    }),
  ),
});
const experiences = z.array(z.object({ uid: z.string(), name: z.string() }));
const entries = z.object({ entries: z.array(z.object({ uid: z.string(), title: z.string() })) });

describe('round trip: csdx export → npm run sandbox:import → npm start on the imported stack → npm run demo', () => {
  let dir: string;
  let stateFile: string;
  let importedApiKey: string;
  let started: Started | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pb-round-trip-'));
    stateFile = join(dir, 'sandbox.json');
  });
  afterAll(async () => {
    for (const child of running.splice(0)) await stopGroup(child);
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'exports the demo stack with csdx from a sandbox that keeps its state in a file',
    { timeout: 240_000 },
    async () => {
      // Budgets raised as in the export contract: this test checks the round trip, not the CLI's pacing.
      const sandbox = await startSandbox({
        port: 0,
        httpsPort: 0,
        stateFile,
        personalizeSyncDelayMs: 50,
        rateLimits: { read: 10_000, write: 10_000, personalize: 10_000 },
      });
      const csdx = csdxFor(sandbox);
      try {
        await csdx.setRegion();
        await csdx.logInAsDemoUser();
        const exported = await csdx.run(
          ['cm:stacks:export', '-k', SANDBOX_SEED.demo.apiKey, '-d', join(dir, 'export'), '--yes'],
          { timeoutMs: 200_000 },
        );
        expect(exported.code, exported.output).toBe(0);
      } finally {
        csdx.dispose();
        await sandbox.close();
      }
      expect(readFileSync(stateFile, 'utf8').length).toBeGreaterThan(0);
    },
  );

  it('imports the export with `npm run sandbox:import` into the same state file', { timeout: 120_000 }, async () => {
    const imported = await run(
      'npm',
      ['run', '--silent', 'sandbox:import', '--', join(dir, 'export')],
      { SANDBOX_STATE_FILE: stateFile },
      110_000,
    );
    expect(imported.code, imported.output).toBe(0);
    const key = /imported as stack (\S+) into/.exec(imported.output)?.[1];
    expect(key, imported.output).toBeDefined();
    importedApiKey = key ?? '';
    expect(importedApiKey).not.toBe(SANDBOX_SEED.demo.apiKey);
  });

  it('`npm start` on SANDBOX_STACK installs the app on the imported stack', { timeout: 300_000 }, async () => {
    const redisUrl = process.env['REDIS_URL'];
    if (redisUrl === undefined) throw new Error('REDIS_URL must be set by npm test');
    started = await npmStart({
      REDIS_URL: redisUrl,
      SANDBOX_STATE_FILE: stateFile,
      SANDBOX_STACK: importedApiKey,
      // The demo waits for the poll to see its activations: 2 s instead of 10 s, as the demo's own test does.
      POLL_INTERVAL_S: '2',
      PORT: String(await freePort()),
      SANDBOX_PORT: String(await freePort()),
      SANDBOX_HTTPS_PORT: 'off',
      UI_PORT: String(await freePort()),
      DEV_HOST_PORT: String(await freePort()),
    });
    expect(urlOf(started.readyLine, 'stack')).toBe(importedApiKey);
    const sandbox = urlOf(started.readyLine, 'sandbox');
    const { stacks } = await json(importedStacks, `${sandbox}/_sandbox/stacks`);
    expect(stacks.map((s) => s.api_key)).toEqual([importedApiKey]);
    const installations = await json(
      z.object({ installations: z.array(z.object({ target: z.object({ uid: z.string() }) })) }),
      `${sandbox}/_sandbox/installations`,
    );
    expect(installations.installations.map((i) => i.target.uid)).toEqual([importedApiKey]);
    const runFile = z
      .looseObject({ stackApiKey: z.string(), projectUid: z.string() })
      .parse(JSON.parse(readFileSync(join(REPO_ROOT, '.run', 'start.json'), 'utf8')));
    expect(runFile.stackApiKey).toBe(importedApiKey);
    expect(runFile.projectUid).toBe(stacks[0]?.personalize_project_uid);
  });

  it('`npm run demo` tells the whole story on the imported stack', { timeout: 300_000 }, async () => {
    if (started === undefined) throw new Error('npm start did not come up');
    const sandbox = urlOf(started.readyLine, 'sandbox');
    const runId = `rt${Date.now().toString(36).slice(-5)}`;
    // No DEMO_* URLs: the demo finds the stack where a user's would, in .run/start.json.
    const demo = await run('npm', ['run', '--silent', 'demo'], { DEMO_RUN_ID: runId }, 280_000);
    expect(demo.code, demo.output).toBe(0);
    expect(demo.output).toContain(`stack ${importedApiKey}`);
    expect(demo.output).toContain('Done: all 9 steps completed.');

    // The story's experiences live in the imported stack's project, and its entries in the imported stack only.
    const credentials = await json(
      z.object({ api_key: z.string(), authtoken: z.string(), personalize_project_uid: z.string() }),
      `${sandbox}/_sandbox/credentials`,
    );
    const { stacks } = await json(importedStacks, `${sandbox}/_sandbox/stacks`);
    const project = stacks[0]?.personalize_project_uid ?? '';
    const named = (list: { name: string }[]) => list.filter((e) => e.name.includes(runId)).length;
    const personalize = (projectUid: string) =>
      json(experiences, `${sandbox}/personalize/experiences`, {
        authtoken: credentials.authtoken,
        'x-project-uid': projectUid,
      });
    expect(named(await personalize(project))).toBe(2);
    expect(named(await personalize(credentials.personalize_project_uid))).toBe(0);
    const heroes = (apiKey: string) =>
      json(entries, `${sandbox}/v3/content_types/home_hero/entries`, {
        authtoken: credentials.authtoken,
        api_key: apiKey,
      });
    const storyEntries = (list: { title: string }[]) => list.filter((e) => e.title.includes(runId)).length;
    expect(storyEntries((await heroes(importedApiKey)).entries)).toBeGreaterThan(0);
    expect(storyEntries((await heroes(credentials.api_key)).entries)).toBe(0);
  });
});
