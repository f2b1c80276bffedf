// The mirror's Redis keys, all under the deployment's prefix. Only MirrorState reads and writes them (and forgets a
// project's part of them on uninstall); the metrics gauge counts the overdue hash.
export function mirrorKeys(prefix: string) {
  return {
    /** `<project>/<experience>` → the experience's fingerprint as last guarded (the sweep compares against it). */
    fingerprints: `${prefix}:mirror:fingerprints`,
    /** `<project>/<experience>` → the version whose activation was last handed to the assignments engine. */
    activated: `${prefix}:mirror:activated`,
    /** `<project>/<experience>` → the guard's latest reports (JSON). */
    reports: `${prefix}:mirror:reports`,
    /** Per project: the guard's sync record of each experience (JSON of `syncRecordSchema`). */
    sync: (projectUid: string) => `${prefix}:mirror:sync:${projectUid}`,
    /** Per project: the listing fingerprint of each experience as the poll last saw it. */
    polled: (projectUid: string) => `${prefix}:mirror:polled:${projectUid}`,
    /** `<project>/<experience>` → since when its sync is overdue (the `/metrics` gauge counts the fields). */
    overdue: `${prefix}:mirror:overdue`,
  };
}
export type MirrorKeys = ReturnType<typeof mirrorKeys>;
