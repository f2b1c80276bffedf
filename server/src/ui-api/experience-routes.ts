// The experiences page: the overview of every experience (sync state, variants, coverage), "mirror now", and one
// experience's results.
import type { ExperiencesOverviewAnswer, ResultsAnswer } from '@pb/shared';
import type { RequestHandler, Router } from 'express';
import { sendError } from '../http/errors';
import { resultsFor } from '../results/experience-results';
import { experiencesOverview } from './experiences-overview';
import { installationFrom } from './require-session';
import { badRequest, experiencesQuery, handler, ownsExperience, uidParams, type UiApiDeps } from './route-kit';

export function experienceRoutes(router: Router, deps: UiApiDeps, gate: RequestHandler): void {
  const handle = handler(deps);
  router.get(
    '/api/ui/experiences',
    gate,
    handle(async (req, res) => {
      const query = experiencesQuery.safeParse(req.query);
      if (!query.success) return badRequest(res, query.error);
      const installation = installationFrom(res);
      const { projectUid } = installation;
      const [syncRecords, reports, jobs, coverageTable, notServed] = await Promise.all([
        deps.mirrorStatus.syncRecords(projectUid),
        deps.mirrorStatus.reports(projectUid),
        deps.mirrorStatus.jobs(projectUid),
        deps.coverage.coverage(projectUid),
        deps.coverage.notServed(projectUid),
      ]);
      const overview = await experiencesOverview(
        {
          ...deps.readers(installation),
          syncRecords,
          reports,
          notServed,
          now: new Date(),
          jobs,
          coverageTable,
          withCoverage: query.data.include === 'coverage',
        },
        projectUid,
      );
      res.json(overview satisfies ExperiencesOverviewAnswer);
    }),
  );
  router.post(
    '/api/ui/experiences/:uid/mirror',
    gate,
    handle(async (req, res) => {
      const params = uidParams.safeParse(req.params);
      if (!params.success) return badRequest(res, params.error);
      const installation = installationFrom(res);
      if (!(await ownsExperience(deps, installation, params.data.uid))) {
        sendError(res, 403, 'forbidden', { reason: 'experience-not-in-project' });
        return;
      }
      try {
        await deps.queues.enqueueMirror({
          stackApiKey: installation.stackApiKey,
          projectUid: installation.projectUid,
          experienceUid: params.data.uid,
          trigger: 'manual',
        });
      } catch {
        sendError(res, 503, 'unavailable', { reason: 'the queue is not reachable; try again shortly' });
        return;
      }
      res.status(202).json({ queued: true });
    }),
  );
  router.get(
    '/api/ui/experiences/:uid/results',
    gate,
    handle(async (req, res) => {
      const params = uidParams.safeParse(req.params);
      if (!params.success) return badRequest(res, params.error);
      const installation = installationFrom(res);
      const table = await deps.results.tables.get(installation.projectUid);
      if (table === null) {
        sendError(res, 404, 'not-found', { reason: 'experience-not-served' });
        return;
      }
      const results = await resultsFor(table, deps.results.events, params.data.uid);
      if (!results.ok) {
        sendError(res, 404, 'not-found', { reason: results.reason });
        return;
      }
      res.json(results.value satisfies ResultsAnswer);
    }),
  );
}
