// Queue names and the Redis keys the engine owns besides BullMQ's, all under the deployment's prefix.
export const QUEUES = {
  mirror: 'mirror',
  events: 'webhook-events',
  recompute: 'recompute-assignments',
  sweep: 'mirror-sweep',
  purge: 'installation-purge',
} as const;

export function keys(prefix: string) {
  return {
    seenDelivery: (idempotencyKey: string) => `${prefix}:webhook-seen:${idempotencyKey}`,
    deadLetters: `${prefix}:dead-letters`,
    fingerprints: `${prefix}:mirror:fingerprints`,
    activated: `${prefix}:mirror:activated`,
    reports: `${prefix}:mirror:reports`,
    budget: (org: string, kind: string) => `${prefix}:budget:${org}:${kind}`,
    workerHeartbeat: `${prefix}:workers`,
  };
}
