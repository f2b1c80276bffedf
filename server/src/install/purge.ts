// Removes everything a stack's installation left in Redis after its uninstall. The purge itself knows only the
// queues: it removes the installation's queued and finished jobs (their data names the stack), asks every owner of
// data to forget its part (each store owns its keys: mirror state, assignment tables and their schedule, visitors'
// attributes, results, dead letters, delivery markers), and finally cleans the queues' event streams. Active jobs
// cannot be removed while they run: the purge reports them, and its job is retried until none is left (they end
// quickly: their stack's installation is already gone).
import type { Queue } from 'bullmq';
import type { PurgeJob } from './purge-job';
import type { RedisClient } from '../redis';

/** A store's part of an uninstall. Registered at the composition root; the purge asks each one in turn. */
export interface InstallationDataOwner {
  name: string;
  /** Forgets what the store keeps of the ended installation; returns how many keys or fields went. */
  forget(installation: PurgeJob): Promise<number>;
}

export interface PurgeReport {
  jobsRemoved: number;
  jobsStillActive: number;
  keysRemoved: number;
  /** Keys or fields each owner removed, by owner name. */
  byOwner: Record<string, number>;
}

const FINISHED_OR_WAITING = ['waiting', 'delayed', 'prioritized', 'completed', 'failed', 'wait'] as const;

/** Whether a queued job is the ended installation's: it names the stack and was created before the installation ended. */
function isTheInstallations(queued: { data: unknown; timestamp: number }, job: PurgeJob): boolean {
  return belongsTo(queued.data, job) && (job.endedAt === undefined || queued.timestamp <= job.endedAt);
}

/** Whether a job's data belongs to the stack (mirror and recompute jobs name it; webhook events carry its api key). */
export function belongsTo(data: unknown, job: PurgeJob): boolean {
  if (data === null || typeof data !== 'object') return false;
  const d = data as Record<string, unknown>;
  return (
    d['stackApiKey'] === job.stackApiKey ||
    d['api_key'] === job.stackApiKey ||
    (job.projectUid !== undefined && d['projectUid'] === job.projectUid)
  );
}

async function dropStreamEntries(redis: RedisClient, queue: Queue, needles: readonly string[]): Promise<number> {
  const stream = queue.toKey('events');
  const entries = await redis.xrange(stream, '-', '+');
  const doomed = entries
    .filter(([, fields]) => fields.some((f) => needles.some((n) => f.includes(n))))
    .map(([id]) => id);
  return doomed.length === 0 ? 0 : redis.xdel(stream, ...doomed);
}

export async function purgeInstallation(
  redis: RedisClient,
  queues: readonly Queue[],
  owners: readonly InstallationDataOwner[],
  job: PurgeJob,
): Promise<PurgeReport> {
  const report: PurgeReport = { jobsRemoved: 0, jobsStillActive: 0, keysRemoved: 0, byOwner: {} };
  for (const queue of queues) {
    for (const queued of await queue.getJobs([...FINISHED_OR_WAITING], 0, -1)) {
      if (!isTheInstallations(queued, job)) continue;
      // A job that just became active refuses removal; it is counted with the active ones below.
      if (
        await queued.remove().then(
          () => true,
          () => false,
        )
      )
        report.jobsRemoved += 1;
    }
    report.jobsStillActive += (await queue.getJobs(['active'], 0, -1)).filter((j) => isTheInstallations(j, job)).length;
  }
  for (const owner of owners) {
    const removed = await owner.forget(job);
    report.byOwner[owner.name] = removed;
    report.keysRemoved += removed;
  }
  // Last, because removing jobs and schedulers writes events: BullMQ's event stream of each queue names job ids and
  // deduplication ids, some of which embed the stack or the project.
  const needles = [job.stackApiKey, job.installationUid, ...(job.projectUid === undefined ? [] : [job.projectUid])];
  for (const queue of queues) report.keysRemoved += await dropStreamEntries(redis, queue, needles);
  return report;
}
