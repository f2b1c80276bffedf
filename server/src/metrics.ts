// Prometheus metrics. The HTTP process owns /metrics; workers run in other processes, so they add their counters to
// a Redis hash that the scrape reads (one endpoint for the whole deployment, no per-worker port to discover).
import { Counter, Gauge, Registry } from 'prom-client';
import type { Queue } from 'bullmq';
import type { RedisClient } from './redis';
import { SHARED_TAGS } from './redis-tags';

export class HttpMetrics {
  readonly registry = new Registry();
  readonly webhooksReceived = new Counter({
    name: 'pb_webhooks_received_total',
    help: 'Webhook deliveries accepted, by module',
    labelNames: ['module', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly webhooksRejected = new Counter({
    name: 'pb_webhooks_rejected_total',
    help: 'Webhook deliveries refused, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  constructor(
    queues: readonly Queue[],
    private readonly workerCounters?: { redis: RedisClient; key: string },
    /** The guard's index of experiences whose Personalize sync is overdue (`<prefix>:mirror:overdue`). */
    overdue?: { redis: RedisClient; key: string },
  ) {
    if (overdue !== undefined) {
      new Gauge({
        name: 'pb_sync_overdue_experiences',
        help: "Experiences whose variant group Personalize's CMS sync has not completed within SYNC_DEADLINE_S",
        registers: [this.registry],
        async collect() {
          try {
            this.set(await overdue.redis.hlen(overdue.key));
          } catch {
            // Redis down: left as it was; /readyz reports the outage.
          }
        },
      });
    }
    new Gauge({
      name: 'pb_jobs',
      help: 'Jobs by queue and state',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const queue of queues) {
          try {
            const counts = await queue.getJobCounts(
              'waiting',
              'active',
              'delayed',
              'completed',
              'failed',
              'prioritized',
            );
            for (const [state, count] of Object.entries(counts)) this.set({ queue: queue.name, state }, count);
          } catch {
            // Redis down: the gauge is simply absent; /readyz reports the outage.
          }
        }
      },
    });
  }

  async render(): Promise<string> {
    const own = await this.registry.metrics();
    if (this.workerCounters === undefined) return own;
    try {
      return own + renderWorkerCounters(await this.workerCounters.redis.hgetall(this.workerCounters.key));
    } catch {
      return own;
    }
  }
}

const WORKER_SERIES: Record<string, { type: string; help: string }> = {
  pb_plan_operations_applied_total: {
    type: 'counter',
    help: 'Guard operations applied (content-type links), by operation',
  },
  pb_external_calls_total: { type: 'counter', help: 'Calls to Contentstack, by service and status' },
  pb_external_rate_limited_total: { type: 'counter', help: 'Calls answered 429, by service' },
  pb_mirror_jobs_total: { type: 'counter', help: 'Guard (mirror) jobs finished, by outcome and trigger' },
  pb_mirror_lag_seconds: { type: 'summary', help: 'Time from a guard run being queued to it finishing' },
  pb_sync_overdue_total: { type: 'counter', help: "Experiences that became overdue for Personalize's CMS sync" },
  pb_sync_completed_total: { type: 'counter', help: "Experiences whose group Personalize's CMS sync completed" },
};

/** Fields are stored as `<series>{<labels>}` (or `<series>_sum` / `_count`): rendered with HELP and TYPE lines. */
export function renderWorkerCounters(fields: Record<string, string>): string {
  const lines: string[] = [];
  for (const [series, meta] of Object.entries(WORKER_SERIES)) {
    const samples = Object.entries(fields).filter(
      ([name]) => name === series || name.startsWith(`${series}{`) || name.startsWith(`${series}_`),
    );
    if (samples.length === 0) continue;
    lines.push(`# HELP ${series} ${meta.help}`, `# TYPE ${series} ${meta.type}`);
    for (const [name, value] of samples.sort()) lines.push(`${name} ${value}`);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** The worker side: increments that land in the shared hash. Failures are ignored (metrics never fail a job). */
/** The hash of the workers' counters, which `/metrics` renders beside the HTTP process's own. */
export const workerCountersKey = (prefix: string): string => `${prefix}:${SHARED_TAGS.ops}:metrics`;

export class WorkerCounters {
  constructor(
    private readonly redis: RedisClient,
    private readonly key: string,
  ) {}

  add(series: string, labels: Record<string, string>, by = 1): void {
    const body = Object.entries(labels)
      .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`)
      .join(',');
    this.redis.hincrbyfloat(this.key, body === '' ? series : `${series}{${body}}`, by).catch(() => undefined);
  }
}
