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

/**
 * BullMQ's prefix of a queue: the deployment's prefix and the queue's name as a hash tag. BullMQ's scripts touch
 * several keys of one queue at a time, so on a Redis Cluster a queue's keys must share a slot; tagging per queue
 * (not one tag for all) spreads the queues over the masters. Keys are `<prefix>:{<queue>}:<queue>:<suffix>`
 * (BullMQ appends `:<queue>:` itself). Every Queue, Worker and QueueEvents of a queue must use this prefix.
 */
export const queuePrefix = (prefix: string, queue: string): string => `${prefix}:{${queue}}`;
