// A worker killed with SIGKILL in the middle of a guard job: the job's lock expires, another worker recovers it, and
// the state converges (the job re-reads both sides, so a link write cut off half-way is completed, not duplicated).
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { mirrorQueueIdle, startEngine, type Engine } from '../support/engine';
import { eventually } from '../support/eventually';
import { REPO_ROOT } from '../support/processes';
import { sandboxPost } from '../support/sandbox-http';
import { sandboxRequests } from '../support/sandbox-requests';
import { guardDifferences, listGroups, syncRecord } from './harness';
import { queuePrefix } from '@pb/server/queue/names';

let engine: Engine;
const children: ChildProcess[] = [];

beforeAll(async () => {
  // The sync makes groups at once here, so the first guard run of an experience already finds its group.
  engine = await startEngine({
    workers: false,
    syncDelayMs: 0,
    env: { JOB_LOCK_MS: '2000', STALLED_CHECK_MS: '1000' },
  });
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await engine.stop();
});

async function startWorkerProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main-worker.ts'], {
    cwd: REPO_ROOT,
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
    await engine.startWorkers(); // guard the seed experiences first, then hand over to child processes only
    await mirrorQueueIdle(engine);
    await engine.workers?.close(2000);
    engine.workers = null;

    // Slow content-type link writes keep the guard job in flight long enough to kill it during the write.
    await sandboxPost(
      engine.sandbox.url,
      '/_sandbox/faults',
      { rules: [{ match: { pathPrefix: '/v3/variant_groups/', method: 'PUT' }, kind: 'latency', latencyMs: 3000 }] },
      'PUT',
    );
    const first = await startWorkerProcess();
    const since = Date.now();
    const created = await engine.personalize.createAbTest('Crash hero');
    await engine.personalize.writeVersion(created.uid, [{ name: 'A' }, { name: 'B' }, { name: 'C' }], 'ACTIVE');

    // Kill once the guard has found the group Personalize made, and its link write is in flight.
    const queue = new Queue('mirror', {
      connection: engine.redis,
      prefix: queuePrefix(engine.config.QUEUE_PREFIX, 'mirror'),
    });
    const jobId = await eventually(
      async () => {
        const made = (await listGroups(engine)).some((g) => g.personalize_metadata?.experience_uid === created.uid);
        const read = (await sandboxRequests(engine.sandbox.url, since)).some(
          (r) => r.method === 'GET' && r.path === '/v3/variant_groups' && r.status === 200,
        );
        const active = (await queue.getJobs(['active'])).find(
          (j) => (j.data as { experienceUid?: string }).experienceUid === created.uid,
        );
        return made && read && active !== undefined ? active.id : undefined;
      },
      30_000,
      'the guard job in flight',
    );
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    // It died before it could record anything.
    expect(await syncRecord(engine, created.uid)).toBeNull();

    await fetch(`${engine.sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
    await startWorkerProcess();
    await eventually(
      async () => ((await queue.getJob(jobId ?? ''))?.finishedOn !== undefined ? true : undefined),
      60_000,
      'killed job finished',
    );
    expect(await (await queue.getJob(jobId ?? ''))?.getState()).toBe('completed');
    await queue.close();
    await mirrorQueueIdle(engine);
    expect(guardDifferences(await listGroups(engine), created.uid)).toEqual([]);
    expect(await syncRecord(engine, created.uid)).toMatchObject({ state: 'synced' });
  }, 180_000);
});
