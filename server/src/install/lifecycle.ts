// The app-lifecycle use case: the platform's install / update / upgrade / uninstall webhooks keep one installation
// record per stack. They are applied at ingest, before the 2xx, because everything after depends on them: events of
// a stack are accepted only while it is installed, and an uninstall must stop the stack's work at once. The heavy
// part of an uninstall — removing its jobs, tables and results — is queued as a purge, durably, before the answer.
import type { AppInstallationWebhook } from '@pb/shared';
import type { InstallationStore, InstallationView } from './installation-store';
import type { PurgeJob } from './purge-job';

export type LifecycleOutcome =
  | 'installed'
  | 'reinstalled'
  | 'updated'
  | 'uninstalled'
  /** An uninstall or update for an installation that is not (or no longer) the stack's: nothing to do. */
  | 'not-current';

export interface LifecyclePorts {
  store: Pick<InstallationStore, 'recordInstall' | 'recordUpdate' | 'remove'>;
  enqueuePurge(job: PurgeJob): Promise<void>;
}

export async function applyLifecycle(
  envelope: AppInstallationWebhook,
  ports: LifecyclePorts,
): Promise<{ ok: true; outcome: LifecycleOutcome } | { ok: false; reason: 'target-mismatch' }> {
  const inst = envelope.data.app_installation;
  // The envelope's stack and the installation's target must agree, or one stack's webhook could rewrite another's.
  if (inst.target.uid !== envelope.api_key) return { ok: false, reason: 'target-mismatch' };
  const facts = {
    installationUid: inst.installation_uid,
    stackApiKey: inst.target.uid,
    organizationUid: inst.organization_uid,
    appUid: inst.app_uid,
    ...(inst.configuration === undefined ? {} : { configuration: inst.configuration }),
    ...(inst.server_configuration === undefined ? {} : { serverConfiguration: inst.server_configuration }),
  };
  switch (envelope.event) {
    case 'install': {
      const { replaced } = await ports.store.recordInstall(facts);
      if (replaced === undefined) return { ok: true, outcome: 'installed' };
      // The stack's previous installation was never uninstalled here (its webhook was lost): purge what it left.
      await ports.enqueuePurge(purgeOf(replaced));
      return { ok: true, outcome: 'reinstalled' };
    }
    case 'update':
    case 'upgrade':
      return { ok: true, outcome: (await ports.store.recordUpdate(facts)) ? 'updated' : 'not-current' };
    case 'uninstall': {
      const removed = await ports.store.remove(facts.stackApiKey, facts.installationUid);
      if (removed === undefined) return { ok: true, outcome: 'not-current' };
      await ports.enqueuePurge(purgeOf(removed));
      return { ok: true, outcome: 'uninstalled' };
    }
  }
}

function purgeOf(view: InstallationView): PurgeJob {
  return {
    stackApiKey: view.stackApiKey,
    installationUid: view.installationUid,
    ...(view.projectUid === undefined ? {} : { projectUid: view.projectUid }),
    // The wall clock, not an injected one: the purge compares it with the timestamps BullMQ gives jobs.
    endedAt: Date.now(),
  };
}
