// Every store that keeps data of an installation, as the purge asks them on uninstall (install/purge.ts). A store
// added to a feature registers its part here, next to the others, so that nothing it keeps escapes an uninstall.
import { QUEUES } from '../queue/names';
import type { QueueRegistry } from '../queue/registry';
import type { DeadLetterStore } from '../queue/dead-letters';
import { assignmentsSchedulerId } from '../assignments/jobs';
import type { RedisTableStore } from '../assignments/table-store';
import { forgetUserAttributes } from '../edge/user-attributes';
import { edgeKeyKey } from '../edge/edge-keys';
import { belongsTo, type InstallationDataOwner } from '../install/purge';
import type { MirrorState } from '../mirror/mirror-state';
import { forgetResults } from '../results/event-store';
import { forgetDeliveries } from '../webhooks/redis-ledger';
import type { RedisClient } from '../redis';

export function installationDataOwners(deps: {
  redis: RedisClient;
  prefix: string;
  registry: QueueRegistry;
  mirror: MirrorState;
  tables: RedisTableStore;
  deadLetters: DeadLetterStore;
}): InstallationDataOwner[] {
  const { redis, prefix } = deps;
  const ofProject = (forget: (projectUid: string) => Promise<number>) => (job: { projectUid?: string | undefined }) =>
    job.projectUid === undefined ? Promise.resolve(0) : forget(job.projectUid);
  return [
    { name: 'mirror', forget: ofProject((p) => deps.mirror.forgetProject(p)) },
    {
      name: 'assignments',
      forget: ofProject(async (p) => {
        // The project's periodic refresh stops with its tables.
        await deps.registry.queue(QUEUES.recompute).removeJobScheduler(assignmentsSchedulerId(p));
        return deps.tables.forgetProject(p);
      }),
    },
    { name: 'edge-key', forget: ofProject((p) => redis.del(edgeKeyKey(prefix, p))) },
    { name: 'visitor-attributes', forget: ofProject((p) => forgetUserAttributes(redis, prefix, p)) },
    { name: 'results', forget: ofProject((p) => forgetResults(redis, prefix, p)) },
    { name: 'dead-letters', forget: (job) => deps.deadLetters.forget((data) => belongsTo(data, job)) },
    {
      name: 'webhook-deliveries',
      forget: (job) => {
        // The events queue deduplicates deliveries under its `…:de` keys (webhooks/event-job.ts).
        const dedupStem = deps.registry.queue(QUEUES.events).keys['de'];
        if (dedupStem === undefined) throw new Error('the events queue names no deduplication keys');
        return forgetDeliveries(redis, prefix, job.stackApiKey, dedupStem);
      },
    },
  ];
}
