// The queues of the engine, by name. Each is owned by one feature (which declares its jobs in its own `jobs.ts`);
// this list is only the registry, so that infrastructure (the queue registry, the purge, metrics) can name them all.
export const QUEUES = {
  mirror: 'mirror',
  events: 'webhook-events',
  recompute: 'recompute-assignments',
  sweep: 'mirror-sweep',
  poll: 'mirror-poll',
  purge: 'installation-purge',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const ALL_QUEUES: readonly QueueName[] = Object.values(QUEUES);
