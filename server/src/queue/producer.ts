// The producing side of the queues, used on the HTTP path. Its Redis connection fails fast (no offline queue) so a
// down Redis becomes a 503 within a couple of seconds instead of a request that hangs or a job that is lost.
import { createHash } from 'node:crypto';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { mirrorDedupId, type MirrorJob, type WebhookEnvelope } from '@pb/shared';
import { QUEUES } from './names';
import type { PurgeJob } from '../install/purge-job';
import { STACK_SWEEP_JOB_OPTIONS, type SweepJob } from './sweep-job';

export interface ProducerOptions {
  prefix: string;
  attempts: number;
}

export function mirrorJobOptions(job: MirrorJob, attempts: number): JobsOptions {
  return {
    // Latest wins and never two runs for one experience: one active plus one waiting per experience. The job
    // re-reads the source of truth, so dropping an intermediate trigger loses nothing.
    deduplication: { id: mirrorDedupId(job.projectUid, job.experienceUid), keepLastIfActive: true },
    attempts,
    backoff: { type: 'custom' },
    removeOnComplete: { count: 1000 },
    removeOnFail: { count: 10_000 },
  };
}

export class QueueProducer {
  readonly mirror: Queue;
  readonly events: Queue;
  readonly purge: Queue;
  readonly sweep: Queue;

  constructor(
    connection: Redis,
    private readonly options: ProducerOptions,
  ) {
    const common = { connection, prefix: options.prefix, skipWaitingForReady: true };
    this.mirror = new Queue(QUEUES.mirror, common);
    this.events = new Queue(QUEUES.events, common);
    this.purge = new Queue(QUEUES.purge, common);
    this.sweep = new Queue(QUEUES.sweep, common);
    for (const queue of [this.mirror, this.events, this.purge, this.sweep]) queue.on('error', () => undefined);
  }

  async enqueueMirror(job: MirrorJob): Promise<void> {
    await this.mirror.add('mirror', job, mirrorJobOptions(job, this.options.attempts));
  }

  /** CMS and app-lifecycle events, kept for the consumers of other features; the job id makes a re-add a no-op. */
  async enqueueEvent(idempotencyKey: string, envelope: WebhookEnvelope): Promise<void> {
    await this.events.add(envelope.module, envelope, {
      jobId: `event-${idempotencyKey}`,
      attempts: this.options.attempts,
      backoff: { type: 'custom' },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 10_000 },
    });
  }

  /** An uninstalled installation's data to remove; one purge per installation (a retried uninstall adds nothing). */
  async enqueuePurge(job: PurgeJob): Promise<void> {
    await this.purge.add('purge', job, {
      // Hashed: the id outlives the job in BullMQ's event stream, and must not name the installation there.
      jobId: `purge-${createHash('sha256').update(job.installationUid).digest('hex').slice(0, 24)}`,
      attempts: 20,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: true,
      removeOnFail: { count: 1000 },
    });
  }

  /** The first sync of a newly authorized stack: mirrors what already runs in its Personalize project. Returns the job id. */
  async enqueueStackSweep(stackApiKey: string): Promise<string> {
    const job = await this.sweep.add('sweep', { stackApiKey } satisfies SweepJob, STACK_SWEEP_JOB_OPTIONS);
    return job.id ?? '';
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.mirror.close(), this.events.close(), this.purge.close(), this.sweep.close()]);
  }
}
