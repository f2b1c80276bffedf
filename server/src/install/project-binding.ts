// Binds an installation to the Personalize project connected to its stack, asked once with the installation's own
// app token. A stack with no project yet stays unbound (its installation is not served) and is asked again the next
// time it is used.
import type { StackAuth } from '../installations';
import type { InstallationRecords, StoredRecord } from './installation-records';
import type { StackLock } from './stack-lock';

/** Finds the Personalize project connected to a stack, with the installation's own credentials. */
export type ProjectResolver = (who: {
  stackApiKey: string;
  organizationUid: string;
  auth: StackAuth;
}) => Promise<string | undefined>;

export class ProjectBinding {
  constructor(private readonly deps: { records: InstallationRecords; lock: StackLock; resolve?: ProjectResolver }) {}

  /** The record, bound to its project when one is connected; writes only when it binds. */
  async ensure(stackApiKey: string): Promise<StoredRecord | undefined> {
    const { records, resolve } = this.deps;
    const record = await records.read(stackApiKey);
    if (record === undefined || record.projectUid !== undefined || resolve === undefined) return record;
    const secrets = records.openSecrets(record);
    if (secrets?.accessToken === undefined) return record;
    const projectUid = await resolve({
      stackApiKey,
      organizationUid: record.organizationUid,
      auth: { kind: 'app-token', accessToken: secrets.accessToken },
    });
    if (projectUid === undefined) return record;
    return this.deps.lock.run(stackApiKey, async () => {
      const current = await records.read(stackApiKey);
      // A reinstall in the meantime is another installation: it resolves its own project.
      if (current === undefined || current.installationUid !== record.installationUid) return current;
      const next = { ...current, projectUid };
      await records.writePublic(next);
      return next;
    });
  }
}
