/** The Content Management API under `/v3`: one router, every route behind the stack guard. */
import { Router } from 'express';
import type { SandboxModule } from '../core/contracts';
import { contentTypeImportRouter } from './content-type-import-routes';
import { contentTypesRouter } from './content-types-routes';
import type { CmsDeps } from './deps';
import { entriesRouter } from './entries-routes';
import { entryVariantsRouter } from './entry-variants-routes';
import { stackGuard } from './guard';
import { publishingRouter } from './publishing-routes';
import { stackModulesRouter } from './stack-modules-routes';
import { stackRouter } from './stack-routes';
import { stackSettingsRouter } from './stack-settings-routes';
import { userSessionRouter } from './user-session-routes';
import { ungroupedVariantsRouter } from './ungrouped-variants-routes';
import { variantGroupsRouter } from './variant-groups-routes';

export { CmsStore } from './cms-store';
export type { CmsDeps } from './deps';

export const createCmaModule = (deps: CmsDeps): SandboxModule => {
  const router = Router();
  // A login names no stack and carries no token yet: it comes before the guard.
  router.use(userSessionRouter(deps));
  router.use(stackGuard(deps));
  router.use(stackRouter(deps));
  router.use(stackModulesRouter());
  router.use(stackSettingsRouter(deps));
  router.use(contentTypeImportRouter(deps));
  router.use(contentTypesRouter(deps));
  router.use(entryVariantsRouter(deps));
  router.use(publishingRouter(deps));
  router.use(entriesRouter(deps));
  router.use(variantGroupsRouter(deps));
  router.use(ungroupedVariantsRouter(deps));
  return {
    mount: '/v3',
    rateKind: (method) => (method === 'GET' || method === 'HEAD' ? 'read' : 'write'),
    router,
  };
};
