// What the configuration screen and the experiences page ask about the installation: its stack's queue health and
// the Personalize projects its stack may be connected to.
import type { QueuesAnswer } from '@pb/shared';
import type { RequestHandler, Router } from 'express';
import { sameRegion } from '../config';
import { sendError } from '../http/errors';
import { installationFrom } from './require-session';
import { badRequest, handler, projectsQuery, type UiApiDeps } from './route-kit';

export function installationRoutes(router: Router, deps: UiApiDeps, gate: RequestHandler): void {
  const handle = handler(deps);
  router.get(
    '/api/ui/queues',
    gate,
    handle(async (_req, res) => {
      const installation = installationFrom(res);
      try {
        const answer: QueuesAnswer = { queues: await deps.queues.counts(installation.stackApiKey) };
        res.json(answer);
      } catch {
        sendError(res, 503, 'unavailable', { reason: 'the queue is not reachable' });
      }
    }),
  );
  router.get(
    '/api/ui/personalize/projects',
    gate,
    handle(async (req, res) => {
      const query = projectsQuery.safeParse(req.query);
      if (!query.success) return badRequest(res, query.error);
      if (query.data.region !== undefined && !sameRegion(query.data.region, deps.region)) {
        sendError(res, 422, 'unprocessable', {
          reason: `This server works in the ${deps.region.toUpperCase()} region, not ${query.data.region}.`,
          field: 'query.region',
        });
        return;
      }
      const installation = installationFrom(res);
      const projects = await deps.readers(installation).personalize.listProjects(installation.stackApiKey);
      res.json({ projects });
    }),
  );
}
