// The reconciliation sweep: heals lost webhooks. For every installation it lists experiences and variant groups and
// queues a mirror for each experience whose fingerprint differs from the last mirrored one, and for each linked
// group whose experience is gone. The mirrors do the work; the sweep only reads.
import { experienceFingerprint, deletedFingerprint, type MirrorJob } from '@pb/shared';
import type { Logger } from 'pino';
import type { InstallationDirectory } from '../installations';
import type { PortsFactory } from './mirror-processor';
import type { MirrorState } from '../mirror/mirror-state';
import { followedVersion, toMirrored } from '../mirror/mirror-experience';

export interface SweepDeps {
  installations: InstallationDirectory;
  ports: PortsFactory;
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
    const due = new Set<string>();
    const experiences = await personalize.listExperiences();
    for (const experience of experiences) {
      const versions = await personalize.listVersions(experience.uid);
      const fingerprint = experienceFingerprint(toMirrored(experience, followedVersion(experience, versions)));
      if (known.get(experience.uid) !== fingerprint) due.add(experience.uid);
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
