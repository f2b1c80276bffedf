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
import { createDecisionServices, type DecisionServices } from './decision-services';
import { createEdgeRouter } from './router';

export interface DecisionApi {
  routers: readonly RequestHandler[];
  services: DecisionServices;
  /** Resolves once its Redis connection is up (requests before that fail fast with a 500). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface DecisionApiSettings {
  /** The deployment's Redis prefix (tables, visitors' attributes, events). */
  prefix: string;
  /** Used only when no connection is handed in. */
  redis: RedisTarget;
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
  const root = Router();
  root.use('/edge', createEdgeRouter(services.edgeDeps));
  root.use(createResultsRouter({ authorize: infra.authorize, tables: services.tables, events: services.events }));
  return {
    routers: [root],
    services,
    ready: () => whenReady(redis),
    close() {
      if (own) redis.disconnect();
      return Promise.resolve();
    },
  };
}
