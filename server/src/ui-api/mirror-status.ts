// What the sync guard knows about each experience, read from where it keeps it: the sync records and reports in
// MirrorState, and the mirror queue's jobs (waiting / running / retrying / failed / finished). The queue
// keeps the last 1000 completed and 10 000 failed jobs, so "last mirrored" is known while the queue remembers it.
import type { Job, JobType, Queue } from 'bullmq';
import { mirrorJobSchema } from '@pb/shared';
import type { MirrorState } from '../mirror/mirror-state';
import type { MirrorJobFacts, MirrorStatusSource } from './ports';

const PENDING: JobType[] = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'];
const SCAN_LIMIT = 1000;

/** The part of a guard run's data that says which experience it is about. */
const jobTarget = mirrorJobSchema.pick({ projectUid: true, experienceUid: true });

/** The experience a guard run is about, when it is one of the project's (job data is read, never trusted). */
function target(job: Job, projectUid: string): string | null {
  const data = jobTarget.safeParse(job.data);
  return data.success && data.data.projectUid === projectUid ? data.data.experienceUid : null;
}

export function createMirrorStatusSource(deps: {
  state: Pick<MirrorState, 'syncRecords' | 'reports'>;
  mirrorQueue: Pick<Queue, 'getJobs'>;
}): MirrorStatusSource {
  return {
    syncRecords: (projectUid) => deps.state.syncRecords(projectUid),
    reports: (projectUid) => deps.state.reports(projectUid),
    async jobs(projectUid) {
      const facts = new Map<string, MirrorJobFacts & { failedAt: number }>();
      const of = (uid: string) => {
        let f = facts.get(uid);
        if (f === undefined) {
          f = { pending: false, failure: null, lastMirroredAt: null, failedAt: 0 };
          facts.set(uid, f);
        }
        return f;
      };
      const [pending, completed, failed] = await Promise.all([
        deps.mirrorQueue.getJobs(PENDING, 0, SCAN_LIMIT - 1),
        deps.mirrorQueue.getJobs(['completed'], 0, SCAN_LIMIT - 1),
        deps.mirrorQueue.getJobs(['failed'], 0, SCAN_LIMIT - 1),
      ]);
      for (const job of completed) {
        const uid = target(job, projectUid);
        if (uid === null || job.finishedOn === undefined) continue;
        const f = of(uid);
        f.lastMirroredAt = Math.max(f.lastMirroredAt ?? 0, job.finishedOn);
      }
      for (const job of failed) {
        const uid = target(job, projectUid);
        if (uid === null) continue;
        const f = of(uid);
        const at = job.finishedOn ?? job.processedOn ?? job.timestamp;
        // Only a failure after the last success counts: a later successful run healed it.
        if (at > f.failedAt && at > (f.lastMirroredAt ?? 0)) {
          f.failedAt = at;
          f.failure = job.failedReason || 'the mirror failed';
        }
      }
      for (const job of pending) {
        const uid = target(job, projectUid);
        if (uid === null) continue;
        const f = of(uid);
        f.pending = true;
        // A job waiting for its next attempt carries the reason the last one failed.
        if (job.attemptsMade > 0 && job.failedReason) f.failure = `retrying: ${job.failedReason}`;
      }
      return new Map([...facts].map(([uid, { failedAt: _f, ...rest }]) => [uid, rest]));
    },
  };
}
