// The decision API ready to mount, composed from configuration: the edge API under /edge and the results API at
// /api/experiences/:uid/results. Mounting is one call in the HTTP runtime:
//   const decisions = createDecisionApi(config, { authorize });
//   startHttpRuntime(config, log, { routers: () => decisions.routers });   …   await decisions.close();
// It keeps its own Redis connection: fail-fast like the HTTP path's (no offline queue), plus auto-pipelining, which
// batches the attribute reads of concurrent manifest requests (bench/README.md).
import { Router, type RequestHandler } from 'express';
import { type RedisClient, connectForHotPath, whenReady } from '../redis';
import type { RedisTarget } from '../config';
import type { InstallationDirectory } from '../installations';
import type { Authorize } from '../results/authorize';
import { createResultsRouter } from '../results/router';
import { createSecretBox } from '../install/secret-box';
import { createDecisionServices, type DecisionServices } from './decision-services';
import { createRedisEdgeKeys, type EdgeKeyStore } from './edge-keys';
import { createEdgeRouter } from './router';
import { createEdgeWorkerApi } from './worker-api';

export interface DecisionApi {
  routers: readonly RequestHandler[];
  services: DecisionServices;
  /** The projects' edge keys (the UI API shows and rotates them). */
  edgeKeys: EdgeKeyStore;
  /** Resolves once its Redis connection is up (requests before that fail fast with a 500). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface DecisionApiSettings {
  /** The deployment's Redis prefix (tables, visitors' attributes, events). */
  prefix: string;
  /** Used only when no connection is handed in. */
  redis: RedisTarget;
  /** The installation secret keys: edge keys are sealed with them (the first seals, every one opens). */
  secretKeys: readonly Buffer[];
}

export function createDecisionApi(
  settings: DecisionApiSettings,
  infra: {
    installations: InstallationDirectory;
    /** Who may read results. */
    authorize: Authorize;
    redis?: RedisClient;
  },
): DecisionApi {
  const own = infra.redis === undefined;
  const redis = infra.redis ?? connectForHotPath(settings.redis);
  const services = createDecisionServices(redis, { prefix: settings.prefix, installations: infra.installations });
  const edgeKeys = createRedisEdgeKeys(redis, settings.prefix, createSecretBox(settings.secretKeys));
  const root = Router();
  // The edge workers' reads come first: /edge/table and /edge/visitor-attributes are ours, not the SDK's API.
  root.use('/edge', createEdgeWorkerApi({ tables: services.tables, edgeKeys, users: services.users }));
  root.use('/edge', createEdgeRouter(services.edgeDeps));
  root.use(createResultsRouter({ authorize: infra.authorize, tables: services.tables, events: services.events }));
  return {
    routers: [root],
    services,
    edgeKeys,
    ready: () => whenReady(redis),
    close() {
      if (own) redis.disconnect();
      return Promise.resolve();
    },
  };
}
