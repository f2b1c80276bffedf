// What the HTTP process queues, as the ports its use cases declare: the ingest's events, the UI's "mirror now", the
// uninstall's purge and the first sweep of a newly authorized stack. Each is the owning feature's job spec queued
// through the one registry.
import type { Job } from 'bullmq';
import type { MirrorJob, WebhookEnvelope } from '@pb/shared';
import type { PurgeJob } from '../install/purge-job';
import { purgeJob } from '../install/purge-job';
import { mirrorJob, stackSweepJob } from '../mirror/jobs';
import type { QueueName } from '../queue/names';
import type { QueueRegistry } from '../queue/registry';
import { webhookEventJob } from '../webhooks/event-job';

export interface HttpQueues {
  registry: QueueRegistry;
  queue: QueueRegistry['queue'];
  enqueueMirror(job: MirrorJob): Promise<void>;
  enqueueEvent(idempotencyKey: string, envelope: WebhookEnvelope): Promise<void>;
  enqueuePurge(job: PurgeJob): Promise<void>;
  /** The first sync of a newly authorized stack: guards what already runs in its project. Returns the job id. */
  enqueueStackSweep(stackApiKey: string): Promise<string>;
}

export function httpQueues(registry: QueueRegistry, settings: { attempts: number }): HttpQueues {
  const done = (): void => undefined;
  const guardRun = mirrorJob(settings);
  const event = webhookEventJob(settings);
  return {
    registry,
    queue: (name: QueueName) => registry.queue(name),
    enqueueMirror: (job) => registry.enqueue(guardRun, job).then(done),
    // The job id derives from the envelope's idempotency key (webhooks/event-job.ts), which the ingest also uses.
    enqueueEvent: (_idempotencyKey, envelope) => registry.enqueue(event, envelope).then(done),
    enqueuePurge: (job) => registry.enqueue(purgeJob, job).then(done),
    enqueueStackSweep: async (stackApiKey) => {
      const job: Job = await registry.enqueue(stackSweepJob, { stackApiKey });
      return job.id ?? '';
    },
  };
}
