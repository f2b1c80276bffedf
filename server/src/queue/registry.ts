// One BullMQ `Queue` object per queue name and process, built on first use over the process's connection, and the
// one way to queue a job: `enqueue(spec, data)` checks the data against the spec's schema before it is written.
import { Queue, type Job, type JobsOptions } from 'bullmq';
import type { z } from 'zod';
import { invalidPayload, parseWith } from '@pb/shared';
import type { JobSpec } from './job-spec';
import type { ScheduleSpec } from './worker-spec';
import { ALL_QUEUES, queuePrefix, type QueueName } from './names';
import type { RedisClient } from '../redis';

export interface QueueRegistryOptions {
  prefix: string;
  /**
   * HTTP side: the connection fails fast, and queues must not wait for it to be ready (a down Redis answers 503 at
   * once instead of a request that hangs).
   */
  failFast?: boolean;
  onError?: (queue: QueueName, error: Error) => void;
}

export class QueueRegistry {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    private readonly connection: RedisClient,
    private readonly options: QueueRegistryOptions,
  ) {}

  get prefix(): string {
    return this.options.prefix;
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (queue === undefined) {
      queue = new Queue(name, {
        connection: this.connection,
        prefix: queuePrefix(this.options.prefix, name),
        ...(this.options.failFast === true ? { skipWaitingForReady: true } : {}),
      });
      queue.on('error', (error) => this.options.onError?.(name, error));
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Every queue of the engine (built if needed): what the purge and the dashboards look at. */
  all(): Queue[] {
    return ALL_QUEUES.map((name) => this.queue(name));
  }

  /** Queues one job of `spec`; a payload that does not match the spec's schema is refused (a permanent error). */
  async enqueue<S extends z.ZodType>(spec: JobSpec<S>, data: z.input<S>, extra: JobsOptions = {}): Promise<Job> {
    const parsed = parseWith(spec.schema, data);
    if (!parsed.ok) throw invalidPayload(`${spec.queue} job`, parsed.detail);
    const name = typeof spec.name === 'string' ? spec.name : spec.name(parsed.value);
    return this.queue(spec.queue).add(name, parsed.value, { ...spec.options(parsed.value), ...extra });
  }

  /** Writes a repeatable job (idempotent: the same id replaces its earlier self). */
  async schedule(spec: ScheduleSpec): Promise<void> {
    await this.queue(spec.queue).upsertJobScheduler(spec.id, { every: spec.everyMs }, spec.job);
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }
}
