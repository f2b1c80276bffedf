import { describe, expect, it } from 'vitest';
import type { Job, JobType } from 'bullmq';
import { scopedQueueCounts, stackOfJob } from './queue-counts';

const job = (data: unknown) => ({ data }) as Job;

describe('queue health of one installation', () => {
  it.each([
    ['a mirror or recompute job', { stackApiKey: 'blt_a', projectUid: 'p' }, 'blt_a'],
    ['a webhook envelope', { module: 'entry', api_key: 'blt_b', data: {} }, 'blt_b'],
    ['a sweep job', {}, null],
    ['no data', null, null],
  ])('finds the stack of %s', (_name, data, expected) => {
    expect(stackOfJob(job(data))).toBe(expected);
  });

  it('counts only the stack’s own jobs, and the shared sweep as it is', async () => {
    const byState: Partial<Record<JobType, Job[]>> = {
      waiting: [job({ stackApiKey: 'blt_a' }), job({ stackApiKey: 'blt_b' }), job({ stackApiKey: 'blt_b' })],
      failed: [job({ api_key: 'blt_b' })],
    };
    const perStack = {
      name: 'mirror',
      getJobs: (types?: JobType | JobType[]) =>
        Promise.resolve([types].flat().flatMap((t) => (t === undefined ? [] : (byState[t] ?? [])))),
    };
    const sweep = { name: 'mirror-sweep', getJobCounts: () => Promise.resolve({ waiting: 1, completed: 7 }) };
    const counts = scopedQueueCounts({ perStack: [perStack], shared: [sweep] });
    expect(await counts('blt_a')).toEqual({
      mirror: { waiting: 1, active: 0, delayed: 0, prioritized: 0, completed: 0, failed: 0 },
      'mirror-sweep': { waiting: 1, completed: 7 },
    });
    expect((await counts('blt_b'))['mirror']).toMatchObject({ waiting: 2, failed: 1 });
  });
});
