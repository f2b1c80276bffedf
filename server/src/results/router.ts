// GET /api/experiences/:uid/results[?version=<version uid>] — results of the served version (or an older one whose
// counters are still kept), behind the app API's authorization port.
import { sendError, sendInvalid } from '../http/errors';
import { Router } from 'express';
import { z } from 'zod';
import type { ServedTable } from '../assignments/table-reader';
import type { Authorize } from './authorize';
import { resultsFor, type ResultsEvents } from './experience-results';

export interface ResultsRouterDeps {
  authorize: Authorize;
  tables: { get(projectUid: string): Promise<ServedTable | null> };
  events: ResultsEvents;
}

const paramsSchema = z.object({ uid: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected an experience uid') });
const querySchema = z.object({
  version: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected a version uid')
    .optional(),
});

export function createResultsRouter(deps: ResultsRouterDeps): Router {
  const router = Router();
  router.get('/api/experiences/:uid/results', async (req, res) => {
    const principal = await deps.authorize(req);
    if (principal === null) {
      res.setHeader('WWW-Authenticate', 'Basic realm="personalize-bridge"');
      sendError(res, 401, 'unauthorized');
      return;
    }
    const params = paramsSchema.safeParse(req.params);
    const query = querySchema.safeParse(req.query);
    if (!params.success || !query.success) {
      if (!params.success) sendInvalid(res, params.error, 'params');
      else if (!query.success) sendInvalid(res, query.error, 'query');
      return;
    }
    const table = await deps.tables.get(principal.projectUid);
    if (table === null) {
      sendError(res, 404, 'not-found', { reason: 'experience-not-served' });
      return;
    }
    const results = await resultsFor(table, deps.events, params.data.uid, query.data.version);
    if (!results.ok) {
      sendError(res, 404, 'not-found', { reason: results.reason });
      return;
    }
    res.json(results.value);
  });
  return router;
}
