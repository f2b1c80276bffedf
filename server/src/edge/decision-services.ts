// Composes the decision side (assignment tables, user attributes, experiment events) on one Redis connection, for
// the HTTP runtime to mount: `createEdgeRouter` under /edge and `createResultsRouter` at the root.
import { assignmentKeys } from '../assignments/keys';
import { AssignmentTableReader } from '../assignments/table-reader';
import { RedisTableStore } from '../assignments/table-store';
import type { InstallationDirectory } from '../installations';
import { createRedisEventStore, type EventStore } from '../results/event-store';
import { createEdgeRouter, type EdgeDeps } from './router';
import { createRedisUserAttributes, type UserAttributeStore } from './user-attributes';
import type { RedisClient } from '../redis';

/** How long a visitor's attributes live after their last update. */
export const USER_ATTRIBUTES_TTL_SECONDS = 90 * 24 * 3600;

export interface DecisionServices {
  store: RedisTableStore;
  tables: AssignmentTableReader;
  users: UserAttributeStore;
  events: EventStore;
  edgeDeps: EdgeDeps;
}

const PROJECTS_CACHE_MS = 5000;

export function createDecisionServices(
  redis: RedisClient,
  options: { prefix: string; installations: InstallationDirectory; refreshMs?: number },
): DecisionServices {
  const store = new RedisTableStore(redis, assignmentKeys(options.prefix));
  const tables = new AssignmentTableReader(
    store,
    options.refreshMs === undefined ? {} : { refreshMs: options.refreshMs },
  );
  const users = createRedisUserAttributes(redis, options.prefix, USER_ATTRIBUTES_TTL_SECONDS);
  const events = createRedisEventStore(redis, options.prefix);
  // Asked only for projects without a table, which anyone can name: the installed projects are listed at most every
  // few seconds, so unknown uids cannot make every request read (and open) every installation record.
  let projects: { at: number; uids: Promise<Set<string>> } | undefined;
  const installedProjects = () => {
    const now = Date.now();
    if (projects === undefined || now - projects.at > PROJECTS_CACHE_MS) {
      const uids = options.installations.list().then((list) => new Set(list.map((i) => i.projectUid)));
      uids.catch(() => (projects = undefined));
      projects = { at: now, uids };
    }
    return projects.uids;
  };
  const edgeDeps: EdgeDeps = {
    tables,
    knownProject: async (projectUid) => (await installedProjects()).has(projectUid),
    users,
    events,
  };
  return { store, tables, users, events, edgeDeps };
}

export { createEdgeRouter };
