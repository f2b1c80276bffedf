// Removes everything a stack's installation left in Redis after its uninstall: its queued and finished jobs (their
// data names the stack), mirror state, assignment tables, visitors' attributes, results, dead letters and the
// delivery markers of its webhooks. Active jobs cannot be removed while they run: the purge reports them, and its
// job is retried until none is left (they end quickly: their stack's installation is already gone).
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { removeProjectData } from '../assignments/project-data';
import { assignmentsSchedulerId } from '../assignments/wiring';
import { keys } from '../queue/names';
import type { PurgeJob } from './purge-job';

export interface PurgeReport {
  jobsRemoved: number;
  jobsStillActive: number;
  keysRemoved: number;
}

const FINISHED_OR_WAITING = ['waiting', 'delayed', 'prioritized', 'completed', 'failed', 'wait'] as const;

/** Whether a queued job is the ended installation's: it names the stack and was created before the installation ended. */
function isTheInstallations(queued: { data: unknown; timestamp: number }, job: PurgeJob): boolean {
  return belongsTo(queued.data, job) && (job.endedAt === undefined || queued.timestamp <= job.endedAt);
}

/** Whether a job's data belongs to the stack (mirror and recompute jobs name it; webhook events carry its api key). */
function belongsTo(data: unknown, job: PurgeJob): boolean {
  if (data === null || typeof data !== 'object') return false;
  const d = data as Record<string, unknown>;
  return (
    d['stackApiKey'] === job.stackApiKey ||
    d['api_key'] === job.stackApiKey ||
    (job.projectUid !== undefined && d['projectUid'] === job.projectUid)
  );
}

async function scanDelete(redis: Redis, pattern: string, keep: (key: string) => boolean = () => true): Promise<number> {
  let removed = 0;
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    const doomed = found.filter(keep);
    if (doomed.length > 0) removed += await redis.unlink(...doomed);
  } while (cursor !== '0');
  return removed;
}

async function dropFields(
  redis: Redis,
  hash: string,
  matches: (field: string, value: string) => boolean,
): Promise<number> {
  const all = await redis.hgetall(hash);
  const doomed = Object.entries(all)
    .filter(([field, value]) => matches(field, value))
    .map(([field]) => field);
  return doomed.length === 0 ? 0 : redis.hdel(hash, ...doomed);
}

async function dropStreamEntries(redis: Redis, stream: string, needles: readonly string[]): Promise<number> {
  const entries = await redis.xrange(stream, '-', '+');
  const doomed = entries
    .filter(([, fields]) => fields.some((f) => needles.some((n) => f.includes(n))))
    .map(([id]) => id);
  return doomed.length === 0 ? 0 : redis.xdel(stream, ...doomed);
}

export async function purgeInstallation(
  redis: Redis,
  prefix: string,
  queues: readonly Queue[],
  job: PurgeJob,
): Promise<PurgeReport> {
  const report: PurgeReport = { jobsRemoved: 0, jobsStillActive: 0, keysRemoved: 0 };
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

  const k = keys(prefix);
  if (job.projectUid !== undefined) {
    // Stop the project's periodic assignments refresh (a no-op on queues that have no such scheduler).
    for (const queue of queues) await queue.removeJobScheduler(assignmentsSchedulerId(job.projectUid));
    const field = `${job.projectUid}/`;
    for (const hash of [k.fingerprints, k.activated, k.reports, k.overdue])
      report.keysRemoved += await dropFields(redis, hash, (f) => f.startsWith(field));
    report.keysRemoved += await redis.del(k.sync(job.projectUid), k.polled(job.projectUid));
    report.keysRemoved += await removeProjectData(redis, prefix, job.projectUid);
  }
  report.keysRemoved += await dropFields(redis, k.deadLetters, (_f, value) => {
    const letter = JSON.parse(value) as { data?: unknown };
    return belongsTo(letter.data, job);
  });
  // Delivery markers name the stack's api key as one `|`-separated, URI-encoded part (webhookIdempotencyKey).
  const part = `|${encodeURIComponent(job.stackApiKey)}|`;
  report.keysRemoved += await scanDelete(redis, k.seenDelivery('*'), (key) => key.includes(part));
  // Last, because removing jobs and schedulers writes events: BullMQ's event stream of each queue names job ids and
  // deduplication ids, some of which embed the stack or the project.
  const needles = [job.stackApiKey, job.installationUid, ...(job.projectUid === undefined ? [] : [job.projectUid])];
  for (const queue of queues)
    report.keysRemoved += await dropStreamEntries(redis, `${prefix}:${queue.name}:events`, needles);
  return report;
}
