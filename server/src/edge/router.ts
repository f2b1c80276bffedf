// The edge decision API, compatible with the official @contentstack/personalize-edge-sdk: after
// `Personalize.setEdgeApiUrl('<server>/edge')` the SDK works unchanged (test/assignments/decisions-end-to-end.test.ts drives it).
//   GET   /manifest                          → {experiences:[{shortUid, activeVariantShortUid}]} in priority order
//   PATCH /user-attributes                   → stores the visitor's attributes (TTL)
//   POST  /user-attributes/actions/merge     → {sourceUserUid, targetUserUid}
//   POST  /events                            → impressions and conversion events
// The SDK posts bodies without a JSON content type, so bodies are read as text and parsed here.
import express, { Router } from 'express';
import { USER_UID_HEADER } from '@pb/shared';
import { edgeCors } from './cors';
import { eventsRoute } from './events-route';
import { manifestRoute } from './manifest-route';
import { AttributeLimitError } from './attribute-dictionary';
import { badRequest, projectUidOf, requiredUserUid, send, validBody } from './request-reading';
import { mergeBodySchema, userAttributesSchema } from './requests';
import type { EdgeDeps, TableFor } from './edge-deps';

export { USER_UID_HEADER };
export type { EdgeDeps, TableFor } from './edge-deps';
export { PROJECT_NOT_FOUND } from './manifest-route';

const ATTRIBUTES_PROJECT_NOT_FOUND = 'personalize.USER_ATTRIBUTES.PROJECT_NOT_FOUND';

export function createEdgeRouter(deps: EdgeDeps): Router {
  const router = Router();
  router.use(edgeCors);
  // Only the writing routes read a body; the manifest (the hot path) skips the parser.
  const text = express.text({ type: () => true, limit: '64kb' });

  const tableFor: TableFor = async (res, projectUid, error) => {
    const table = await deps.tables.get(projectUid);
    if (table === null && !(await deps.knownProject(projectUid))) {
      res.status(404).json({ error });
      return undefined;
    }
    return table;
  };

  router.get('/manifest', manifestRoute(deps, tableFor));

  router.patch('/user-attributes', text, async (req, res) => {
    const project = projectUidOf(req);
    if (send(res, project)) return;
    const user = requiredUserUid(req);
    if (send(res, user)) return;
    const attributes = validBody(req, userAttributesSchema);
    if (send(res, attributes)) return;
    if ((await tableFor(res, project.value, ATTRIBUTES_PROJECT_NOT_FOUND)) === undefined) return;
    try {
      await deps.users.patch(project.value, user.value, attributes.value);
    } catch (error) {
      if (!(error instanceof AttributeLimitError)) throw error;
      const field = `body.${error.attributeName}`;
      send(res, badRequest(`${field}: ${error.message}`, field));
      return;
    }
    res.status(204).end();
  });

  router.post('/user-attributes/actions/merge', text, async (req, res) => {
    const project = projectUidOf(req);
    if (send(res, project)) return;
    const merge = validBody(req, mergeBodySchema);
    if (send(res, merge)) return;
    if ((await tableFor(res, project.value, ATTRIBUTES_PROJECT_NOT_FOUND)) === undefined) return;
    await deps.users.merge(project.value, merge.value.sourceUserUid, merge.value.targetUserUid);
    res.status(204).end();
  });

  router.post('/events', text, eventsRoute(deps, tableFor));

  return router;
}
