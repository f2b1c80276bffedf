// Queue names and the Redis keys the engine owns besides BullMQ's, all under the deployment's prefix.
export const QUEUES = {
  mirror: 'mirror',
  events: 'webhook-events',
  recompute: 'recompute-assignments',
  sweep: 'mirror-sweep',
  poll: 'mirror-poll',
  purge: 'installation-purge',
} as const;

export function keys(prefix: string) {
  return {
    seenDelivery: (idempotencyKey: string) => `${prefix}:webhook-seen:${idempotencyKey}`,
    deadLetters: `${prefix}:dead-letters`,
    fingerprints: `${prefix}:mirror:fingerprints`,
    activated: `${prefix}:mirror:activated`,
    reports: `${prefix}:mirror:reports`,
    /** Per project: the guard's sync record of each experience (JSON of `syncRecordSchema`). */
    sync: (projectUid: string) => `${prefix}:mirror:sync:${projectUid}`,
    /** Per project: the listing fingerprint of each experience as the poll last saw it. */
    polled: (projectUid: string) => `${prefix}:mirror:polled:${projectUid}`,
    /** `<project>/<experience>` → since when its sync is overdue (the `/metrics` gauge counts the fields). */
    overdue: `${prefix}:mirror:overdue`,
    budget: (org: string, kind: string) => `${prefix}:budget:${org}:${kind}`,
    workerHeartbeat: `${prefix}:workers`,
  };
}
