// The purge against real Redis and BullMQ queues: it removes the ended installation's jobs, and leaves alone those a
// newer installation of the same stack queued after the uninstall, and every other stack's.
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { purgeInstallation } from './purge';
import { REDIS_URL } from '@pb/test/support/redis';

const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const prefix = `pbpurge${randomBytes(4).toString('hex')}`;
const mirror = new Queue('mirror', { connection: redis, prefix });
const sweep = new Queue('mirror-sweep', { connection: redis, prefix });

afterAll(async () => {
  await Promise.all([mirror.obliterate({ force: true }), sweep.obliterate({ force: true })]);
  await Promise.all([mirror.close(), sweep.close()]);
  redis.disconnect();
});

const dataOf = async (queue: Queue) =>
  (await queue.getJobs(['waiting', 'delayed', 'completed', 'failed'], 0, -1)).map((j) => j.data as unknown);

describe('purgeInstallation', () => {
  it("removes the ended installation's jobs in every queue it is given, and keeps later and other stacks' jobs", async () => {
    const stack = 'blt_purged';
    const old = { stackApiKey: stack, projectUid: 'project-1', experienceUid: 'exp-old' };
    await mirror.add('mirror', old);
    await sweep.add('sweep', { stackApiKey: stack }, { delay: 3_600_000 }); // a stack sweep waiting for its retry
    await mirror.add('mirror', { stackApiKey: 'blt_other', projectUid: 'project-2', experienceUid: 'exp-other' });
    await new Promise((r) => setTimeout(r, 20));
    const endedAt = Date.now();
    await new Promise((r) => setTimeout(r, 20));
    // The stack's next installation is already at work.
    const next = { stackApiKey: stack, projectUid: 'project-1', experienceUid: 'exp-new' };
    await mirror.add('mirror', next);

    const report = await purgeInstallation(redis, [mirror, sweep], [], {
      stackApiKey: stack,
      installationUid: 'inst-ended',
      projectUid: 'project-1',
      endedAt,
    });

    expect(report).toMatchObject({ jobsRemoved: 2, jobsStillActive: 0 });
    expect(await dataOf(mirror)).toEqual(
      expect.arrayContaining([next, { stackApiKey: 'blt_other', projectUid: 'project-2', experienceUid: 'exp-other' }]),
    );
    expect(await dataOf(mirror)).not.toContainEqual(old);
    expect(await dataOf(sweep)).toEqual([]);
  });

  it('removes every job of the stack when the purge does not say when the installation ended', async () => {
    const stack = 'blt_legacy';
    await mirror.add('mirror', { stackApiKey: stack, projectUid: 'project-3', experienceUid: 'exp-a' });
    await mirror.add('mirror', { stackApiKey: stack, projectUid: 'project-3', experienceUid: 'exp-b' });
    const report = await purgeInstallation(redis, [mirror], [], { stackApiKey: stack, installationUid: 'inst-x' });
    expect(report.jobsRemoved).toBe(2);
    expect((await dataOf(mirror)).filter((d) => (d as { stackApiKey: string }).stackApiKey === stack)).toEqual([]);
  });

  it('asks every registered owner to forget its part, and reports what each removed', async () => {
    const asked: string[] = [];
    const owner = (name: string, removed: number) => ({
      name,
      forget: (job: { stackApiKey: string }) => {
        asked.push(`${name}:${job.stackApiKey}`);
        return Promise.resolve(removed);
      },
    });
    const report = await purgeInstallation(redis, [mirror], [owner('mirror', 3), owner('results', 2)], {
      stackApiKey: 'blt_owned',
      installationUid: 'inst-owned',
      projectUid: 'project-9',
    });
    expect(asked).toEqual(['mirror:blt_owned', 'results:blt_owned']);
    expect(report.byOwner).toEqual({ mirror: 3, results: 2 });
    expect(report.keysRemoved).toBeGreaterThanOrEqual(5);
  });

  it("drops the queues' event-stream entries that name the stack", async () => {
    const stack = 'blt_streamed';
    await mirror.add(
      'mirror',
      { stackApiKey: stack, projectUid: 'project-s', experienceUid: 'exp-s' },
      {
        jobId: `mirror-${stack}`,
      },
    );
    const named = async () =>
      (await redis.xrange(mirror.toKey('events'), '-', '+')).filter(([, f]) => f.some((v) => v.includes(stack)));
    expect((await named()).length).toBeGreaterThan(0);
    await purgeInstallation(redis, [mirror], [], { stackApiKey: stack, installationUid: 'inst-s' });
    expect(await named()).toEqual([]);
  });
});
