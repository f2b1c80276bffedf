// A worker killed with SIGKILL in the middle of a mirror job: the job's lock expires, another worker recovers it, and
// the state converges (the job re-reads both sides, so the half-done writes are completed, not duplicated).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import {
  eventually,
  expectedMirror,
  listGroups,
  mirrorDifferences,
  mirrorQueueIdle,
  sandboxPost,
  sandboxRequests,
  startEngine,
  type Engine,
} from './harness';

const root = fileURLToPath(new URL('../..', import.meta.url));
let engine: Engine;
const children: ChildProcess[] = [];

beforeAll(async () => {
  engine = await startEngine({ workers: false, env: { JOB_LOCK_MS: '2000', STALLED_CHECK_MS: '1000' } });
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await engine.stop();
});

async function startWorkerProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main-worker.ts'], {
    cwd: root,
    env: { ...process.env, ...engine.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${output}`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
      if (output.includes('worker ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => reject(new Error(`worker exited with ${String(code)}: ${output}`)));
  });
  return child;
}

describe('a worker killed mid-job', () => {
  it('has its job recovered by another worker and the state converges', async () => {
    await engine.startWorkers(); // mirror the seed experiences first, then hand over to child processes only
    await mirrorQueueIdle(engine);
    await engine.workers?.close(2000);
    engine.workers = null;

    // Slow CMA writes keep the job in flight long enough to kill it between two writes.
    await sandboxPost(
      engine.sandbox.url,
      '/_sandbox/faults',
      { rules: [{ match: { pathPrefix: '/v3/variant_groups', method: 'POST' }, kind: 'latency', latencyMs: 700 }] },
      'PUT',
    );
    const first = await startWorkerProcess();
    const since = Date.now();
    const created = await engine.personalize.createAbTest('Crash hero');
    await engine.personalize.writeVersion(
      created.uid,
      [{ name: 'A' }, { name: 'B' }, { name: 'C' }, { name: 'D' }],
      'ACTIVE',
    );

    // Kill once the group exists but before all variants do.
    await eventually(
      async () => {
        const writes = (await sandboxRequests(engine.sandbox.url, since)).filter(
          (r) => r.method === 'POST' && r.path.endsWith('/variants') && r.status < 300,
        );
        return writes.length >= 1 ? true : undefined;
      },
      30_000,
      'first variant written',
    );
    const queue = new Queue('mirror', { connection: engine.redis, prefix: engine.config.QUEUE_PREFIX });
    const active = await queue.getJobs(['active']);
    expect(active.length).toBeGreaterThan(0);
    const jobId = active[0]?.id ?? '';
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const before = await listGroups(engine);
    expect(mirrorDifferences(before, created.uid, await expectedMirror(engine, created.uid))).not.toEqual([]);

    await fetch(`${engine.sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
    await startWorkerProcess();
    await eventually(
      async () => ((await queue.getJob(jobId))?.finishedOn !== undefined ? true : undefined),
      60_000,
      'killed job finished',
    );
    const job = await queue.getJob(jobId);
    expect(await job?.getState()).toBe('completed');
    await queue.close();
    await mirrorQueueIdle(engine);
    expect(mirrorDifferences(await listGroups(engine), created.uid, await expectedMirror(engine, created.uid))).toEqual(
      [],
    );
  }, 180_000);
});
