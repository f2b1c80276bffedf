// The decision API ready to mount, composed from configuration: the edge API under /edge and the results API at
// /api/experiences/:uid/results. Mounting is one call in the HTTP runtime:
//   const decisions = createDecisionApi(config, { authorize });
//   startHttpRuntime(config, log, { routers: () => decisions.routers });   …   await decisions.close();
// It keeps its own Redis connection: fail-fast like the HTTP path's (no offline queue), plus auto-pipelining, which
// batches the attribute reads of concurrent manifest requests (bench/README.md).
import { Router, type RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import type { Config } from '../config';
import { connectForHotPath, whenReady } from '../redis';
import { staticInstallations, type InstallationDirectory } from '../installations';
import { adminCredentialAuthorizer, type Authorize } from '../results/authorize';
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

const nobody: Authorize = () => null;

export function createDecisionApi(
  config: Pick<Config, 'REDIS_URL' | 'QUEUE_PREFIX' | 'ADMIN_USER' | 'ADMIN_PASSWORD'> &
    Parameters<typeof staticInstallations>[0],
  infra: {
    installations?: InstallationDirectory;
    /** Who may read results; defaults to the operator credential for the configured installation (a placeholder). */
    authorize?: Authorize;
    redis?: Redis;
  } = {},
): DecisionApi {
  const own = infra.redis === undefined;
  const redis = infra.redis ?? connectForHotPath(config.REDIS_URL);
  const installations = infra.installations ?? staticInstallations(config);
  const services = createDecisionServices(redis, { prefix: config.QUEUE_PREFIX, installations });
  const authorize = infra.authorize ?? operatorAuthorizer(config);
  const root = Router();
  root.use('/edge', createEdgeRouter(services.edgeDeps));
  root.use(createResultsRouter({ authorize, tables: services.tables, events: services.events }));
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

/** The operator credential for the configured installation (the results route's default). */
export function operatorAuthorizer(config: Parameters<typeof createDecisionApi>[0]): Authorize {
  const { ADMIN_USER, ADMIN_PASSWORD, CONTENTSTACK_API_KEY, PERSONALIZE_PROJECT_UID } = config;
  if (
    ADMIN_USER === undefined ||
    ADMIN_PASSWORD === undefined ||
    CONTENTSTACK_API_KEY === undefined ||
    PERSONALIZE_PROJECT_UID === undefined
  ) {
    return nobody;
  }
  return adminCredentialAuthorizer({
    user: ADMIN_USER,
    password: ADMIN_PASSWORD,
    principal: { stackApiKey: CONTENTSTACK_API_KEY, projectUid: PERSONALIZE_PROJECT_UID },
  });
}
