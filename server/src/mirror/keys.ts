// The mirror's Redis keys, all under the deployment's prefix and one hash tag: a sync record and the overdue gauge
// change in one MULTI, so on a cluster they share a slot (the whole state is a field per experience: small). Only
// MirrorState reads and writes them (and forgets a project's part of them on uninstall); the metrics gauge counts
// the overdue hash.
import { SHARED_TAGS } from '../redis-tags';

export function mirrorKeys(deploymentPrefix: string) {
  const prefix = `${deploymentPrefix}:${SHARED_TAGS.mirrorState}`;
  return {
    /** `<project>/<experience>` → the experience's fingerprint as last guarded (the sweep compares against it). */
    fingerprints: `${prefix}:fingerprints`,
    /** `<project>/<experience>` → the version whose activation was last handed to the assignments engine. */
    activated: `${prefix}:activated`,
    /** `<project>/<experience>` → the guard's latest reports (JSON). */
    reports: `${prefix}:reports`,
    /** Per project: the guard's sync record of each experience (JSON of `syncRecordSchema`). */
    sync: (projectUid: string) => `${prefix}:sync:${projectUid}`,
    /** Per project: the listing fingerprint of each experience as the poll last saw it. */
    polled: (projectUid: string) => `${prefix}:polled:${projectUid}`,
    /** `<project>/<experience>` → since when its sync is overdue (the `/metrics` gauge counts the fields). */
    overdue: `${prefix}:overdue`,
  };
}
export type MirrorKeys = ReturnType<typeof mirrorKeys>;
