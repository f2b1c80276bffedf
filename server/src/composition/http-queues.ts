// What the HTTP process queues, as the ports its use cases declare: the ingest's events, the UI's "mirror now", the
// uninstall's purge and the first sweep of a newly authorized stack. Each is the owning feature's job spec queued
// through the one registry.
import { randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import type { MirrorJob, WebhookEnvelope } from '@pb/shared';
import type { PurgeJob } from '../install/purge-job';
import { purgeJob } from '../install/purge-job';
import { mirrorJob, stackSweepJob } from '../mirror/jobs';
import type { QueueName } from '../queue/names';
import type { QueueRegistry } from '../queue/registry';
import { bullId } from '../queue/job-spec';
import { webhookEventJob } from '../webhooks/event-job';

export interface HttpQueues {
  registry: QueueRegistry;
  queue: QueueRegistry['queue'];
  enqueueMirror(job: MirrorJob): Promise<void>;
  /** One Redis round trip; 'duplicate' when the same delivery was queued within the dedup TTL. */
  enqueueEvent(idempotencyKey: string, envelope: WebhookEnvelope): Promise<'queued' | 'duplicate'>;
  enqueuePurge(job: PurgeJob): Promise<void>;
  /** The first sync of a newly authorized stack: guards what already runs in its project. Returns the job id. */
  enqueueStackSweep(stackApiKey: string): Promise<string>;
}

export function httpQueues(
  registry: QueueRegistry,
  settings: { attempts: number; dedupTtlSeconds?: number },
): HttpQueues {
  const done = (): void => undefined;
  const guardRun = mirrorJob(settings);
  const event = webhookEventJob(settings);
  return {
    registry,
    queue: (name: QueueName) => registry.queue(name),
    enqueueMirror: (job) => registry.enqueue(guardRun, job).then(done),
    // Deduplicated by the envelope's idempotency key (webhooks/event-job.ts). A fresh id per add: BullMQ answers the
    // first job's id for a repeat, so a different id than ours means the delivery was already queued.
    enqueueEvent: async (_idempotencyKey, envelope) => {
      const jobId = bullId('event', randomUUID());
      const job = await registry.enqueue(event, envelope, { jobId });
      return job.id === jobId ? 'queued' : 'duplicate';
    },
    enqueuePurge: (job) => registry.enqueue(purgeJob, job).then(done),
    enqueueStackSweep: async (stackApiKey) => {
      const job: Job = await registry.enqueue(stackSweepJob, { stackApiKey });
      return job.id ?? '';
    },
  };
}
