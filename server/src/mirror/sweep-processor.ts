// The full sweep (every SWEEP_INTERVAL_MS, 5 min by default): what the poll cannot see from the listing alone. For
// every installation it reads each experience's versions and the stack's groups, and queues a guard run for each
// experience whose fingerprint differs from the last guarded one, each one still waiting for Personalize's sync, and
// each group left behind by a deleted experience. The guard runs do the work; the sweep only reads.
import { experienceFingerprint, deletedFingerprint, type MirrorJob } from '@pb/shared';
import type { Logger } from 'pino';
import type { InstallationDirectory } from '../installations';
import type { MirrorPortsFactory } from './ports';
import type { MirrorState } from './mirror-state';
import { toMirrored } from './guard-experience';

export interface SweepDeps {
  installations: InstallationDirectory;
  ports: MirrorPortsFactory;
  state: MirrorState;
  enqueueMirror: (job: MirrorJob) => Promise<void>;
  log: Logger;
}

/** Sweeps every installation, or only `stackApiKey`'s (the first sync of a stack that was just installed). */
export async function sweep(deps: SweepDeps, stackApiKey?: string): Promise<{ queued: string[] }> {
  const queued: string[] = [];
  const installations =
    stackApiKey === undefined
      ? await deps.installations.list()
      : [await deps.installations.forStack(stackApiKey)].filter((i) => i !== undefined);
  for (const installation of installations) {
    const { personalize, cma } = deps.ports(installation);
    const known = await deps.state.fingerprints(installation.projectUid);
    const records = await deps.state.syncRecords(installation.projectUid);
    const due = new Set<string>();
    const experiences = await personalize.listExperiences();
    for (const experience of experiences) {
      const versions = await personalize.listVersions(experience.uid);
      const fingerprint = experienceFingerprint(toMirrored(experience, versions));
      const state = records.get(experience.uid)?.state;
      if (known.get(experience.uid) !== fingerprint || state === 'waiting' || state === 'overdue')
        due.add(experience.uid);
    }
    const alive = new Set(experiences.map((e) => e.uid));
    for (const group of await cma.listGroups()) {
      const metadata = group.personalize_metadata;
      if (metadata == null || metadata.project_uid !== installation.projectUid) continue;
      if (!alive.has(metadata.experience_uid) && known.get(metadata.experience_uid) !== deletedFingerprint) {
        due.add(metadata.experience_uid);
      }
    }
    for (const experienceUid of due) {
      await deps.enqueueMirror({
        stackApiKey: installation.stackApiKey,
        projectUid: installation.projectUid,
        experienceUid,
        trigger: 'sweep',
      });
      queued.push(experienceUid);
    }
  }
  deps.log.info({ queued: queued.length }, 'sweep finished');
  return { queued };
}
