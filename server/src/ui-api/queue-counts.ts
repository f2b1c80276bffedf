// Queue health for one installation: the engine's queues are shared by every installed stack, so what an author sees
// is counted from the jobs of their own stack only (another stack's activity is not theirs to see). The sweep queue
// works for all stacks at once and carries no stack's data: its counts are shown as they are. Like the mirror status,
// each state is counted over its most recent SCAN_LIMIT jobs (the queues keep the last 1000 completed jobs anyway).
import type { Job, JobType, Queue } from 'bullmq';

export const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;
const SCAN_LIMIT = 1000;

/** Which stack a job works for, from its data (mirror and recompute jobs, webhook envelopes); null when none. */
export function stackOfJob(job: Pick<Job, 'data'>): string | null {
  const data: unknown = job.data;
  if (data === null || typeof data !== 'object') return null;
  if ('stackApiKey' in data && typeof data.stackApiKey === 'string') return data.stackApiKey;
  if ('api_key' in data && typeof data.api_key === 'string') return data.api_key;
  return null;
}

export type QueueCounts = Record<string, Record<string, number>>;

export function scopedQueueCounts(queues: {
  /** Queues whose jobs each work for one stack. */
  perStack: readonly Pick<Queue, 'name' | 'getJobs'>[];
  /** Queues that work for every stack at once. */
  shared: readonly Pick<Queue, 'name' | 'getJobCounts'>[];
}): (stackApiKey: string) => Promise<QueueCounts> {
  async function count(queue: Pick<Queue, 'getJobs'>, state: JobType, stackApiKey: string): Promise<number> {
    const jobs = await queue.getJobs([state], 0, SCAN_LIMIT - 1);
    return jobs.filter((job) => stackOfJob(job) === stackApiKey).length;
  }
  return async (stackApiKey) => {
    const own = queues.perStack.map(async (q) => {
      const counts = await Promise.all(JOB_STATES.map(async (s) => [s, await count(q, s, stackApiKey)] as const));
      return [q.name, Object.fromEntries(counts)] as const;
    });
    const shared = queues.shared.map(async (q) => [q.name, await q.getJobCounts(...JOB_STATES)] as const);
    return Object.fromEntries(await Promise.all([...own, ...shared]));
  };
}
