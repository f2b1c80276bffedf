// The ingest's stack gate (webhooks/ingest.ts): which stacks' events are accepted, with the HMAC secret their admin
// configured, and how app-lifecycle events change that.
import type { InstallationDirectory } from '../installations';
import type { StackGate } from '../webhooks/ingest';
import type { InstallationStore } from './installation-store';
import { applyLifecycle } from './lifecycle';
import type { PurgeJob } from './purge-job';

export function stackGate(deps: {
  /** The operator-configured stack, if any: always accepted. */
  configured: InstallationDirectory;
  store: InstallationStore;
  enqueuePurge: (job: PurgeJob) => Promise<void>;
  /** With it, another app's lifecycle event (a misrouted webhook) cannot create or end an installation. */
  appUid?: string;
}): StackGate {
  return {
    async admission(stackApiKey) {
      if ((await deps.configured.forStack(stackApiKey)) !== undefined) return { accepted: true };
      const view = await deps.store.view(stackApiKey);
      if (view === undefined) return { accepted: false };
      const secret = view.serverConfiguration['webhook_hmac_secret'];
      return typeof secret === 'string' && secret !== '' ? { accepted: true, hmacSecret: secret } : { accepted: true };
    },
    applyLifecycle: (envelope) =>
      deps.appUid !== undefined && envelope.data.app_installation.app_uid !== deps.appUid
        ? Promise.resolve({ ok: false as const, reason: 'app-not-ours' })
        : applyLifecycle(envelope, { store: deps.store, enqueuePurge: deps.enqueuePurge }),
  };
}
