// The app UI's API. Every route but the session exchange sits behind `requireSession`, which also checks that the
// session's installation is still the stack's current one; everything a route reads is that installation's: there
// is no parameter that names another stack, and an experience uid in the path must be one of its project's.
//   POST /api/ui/session {app_token}           → {session_token, expires_in}
//   GET  /api/ui/experiences[?include=coverage] → {experiences, orphanedGroups}
//   POST /api/ui/experiences/:uid/mirror       → 202 {queued: true}
//   GET  /api/ui/experiences/:uid/results      → the results view (server/src/results)
//   GET  /api/ui/queues                        → {queues: {<name>: {<state>: count}}} (the stack's own jobs)
//   GET  /api/ui/personalize/projects?region=  → {projects: [{uid, name}]}
//   POST /api/ui/experiences/:uid/remaps/move {fromVariantUid, toVariantUid} → {moved, failed} (move-entry-variants.ts)
//   POST /api/ui/orphaned-groups/:groupUid/unlink → {groupUid, experienceUid, unlinked} (unlink-orphan.ts)
import { sendError, sendInvalid } from '../http/errors';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { uiCors, type AllowedOrigins } from '../http/security';
import { isExternalCallError } from '@pb/shared';
import { z } from 'zod';
import type { InstallationDirectory, Installation } from '../installations';
import type { ServedTable } from '../assignments/table-reader';
import { resultsFor, type ResultsEvents } from '../results/experience-results';
import type { AppTokenVerifier } from './app-token';
import type { SessionIssuer } from './session';
import { sameRegion } from '../config';
import { currentInstallation, installationFrom, requireSession } from './require-session';
import { experiencesOverview } from './experiences-overview';
import type {
  CoverageTableSource,
  MirrorStatusSource,
  PersonalizeReader,
  QueuePort,
  StackEditor,
  StackReader,
} from './ports';
import { moveEntryVariants } from './move-entry-variants';
import { unlinkOrphanedGroup } from './unlink-orphan';

export interface UiApiDeps {
  verifier: AppTokenVerifier;
  sessions: SessionIssuer;
  installations: InstallationDirectory;
  readers(installation: Installation): { personalize: PersonalizeReader; stack: StackReader };
  /** CMA writes a person asks for (move entry variants, unlink an orphan). Unset: those routes answer 501. */
  editors?(installation: Installation): StackEditor;
  mirrorStatus: MirrorStatusSource;
  coverage: CoverageTableSource;
  queues: QueuePort;
  results: {
    tables: { get(projectUid: string): Promise<ServedTable | null> };
    events: ResultsEvents;
  };
  /** Our marketplace app's uid: app tokens minted for another app are refused. Unchecked when unset. */
  appUid?: string;
  /** The region this server talks to (lower case, e.g. `na`). */
  region: string;
  /** `*` or the exact origins the app is served from. */
  allowedOrigins: AllowedOrigins;
  log?: { warn(object: object, message: string): void };
}

const uid = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected a uid');
const sessionBody = z.object({ app_token: z.string().min(1).max(8192) });
const uidParams = z.object({ uid });
const experiencesQuery = z.object({ include: z.enum(['coverage']).optional() });

const projectsQuery = z.object({ region: z.string().min(1).max(32).optional() });
const moveBody = z
  .object({ fromVariantUid: uid, toVariantUid: uid })
  .refine((b) => b.fromVariantUid !== b.toVariantUid, {
    path: ['toVariantUid'],
    message: 'must differ from fromVariantUid',
  });
const groupParams = z.object({ groupUid: uid });

function badRequest(res: Response, error: z.ZodError): void {
  sendInvalid(res, error);
}

export function createUiApiRouter(deps: UiApiDeps): Router {
  const router = express.Router();
  router.use('/api/ui', uiCors(deps.allowedOrigins));
  const gate = requireSession(deps.sessions, deps.installations);

  /**
   * Whether an experience is the installation's: one of its project's experiences, or one its stack's variant groups
   * still name (an experience deleted in Personalize whose group is left to clean up). Nothing else may be acted on.
   */
  async function ownsExperience(installation: Installation, experienceUid: string): Promise<boolean> {
    const readers = deps.readers(installation);
    if ((await readers.personalize.listExperiences()).some((e) => e.uid === experienceUid)) return true;
    return (await readers.stack.listGroups()).some(
      (g) => g.metadata?.projectUid === installation.projectUid && g.metadata.experienceUid === experienceUid,
    );
  }

  /** Upstream failures are answered 502 with their reason; anything else goes to the app's error handler. */
  const handle =
    (route: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => {
      route(req, res).catch((error: unknown) => {
        if (isExternalCallError(error)) {
          deps.log?.warn({ service: error.service, status: error.status, kind: error.kind }, 'ui api: upstream failed');
          sendError(res, 502, 'upstream', { reason: error.message });
          return;
        }
        next(error);
      });
    };

  router.post(
    '/api/ui/session',
    express.json({ limit: '16kb' }),
    handle(async (req, res) => {
      const body = sessionBody.safeParse(req.body);
      if (!body.success) return badRequest(res, body.error);
      const verified = await deps.verifier.verify(body.data.app_token);
      if (!verified.ok) {
        sendError(res, verified.reason === 'app-token-keys-unavailable' ? 503 : 401, 'unauthorized', {
          reason: verified.reason,
        });
        return;
      }
      // Contentstack signs every app's location tokens with one key: another app's token is genuine but not ours.
      if (deps.appUid !== undefined && verified.claims.app_uid !== deps.appUid) {
        sendError(res, 403, 'forbidden', { reason: 'app-not-ours' });
        return;
      }
      // A genuine token of an installation that is gone (uninstalled, or replaced by a new install) buys nothing.
      const current = await currentInstallation(deps.installations, {
        stackApiKey: verified.claims.stack_api_key,
        organizationUid: verified.claims.organization_uid,
        installationUid: verified.claims.installation_uid,
      });
      if (!current.ok) {
        sendError(res, 403, 'forbidden', { reason: current.reason });
        return;
      }
      const session = await deps.sessions.issue(verified.claims);
      res.setHeader('Cache-Control', 'no-store');
      res.json({ session_token: session.token, expires_in: session.expiresIn });
    }),
  );

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
      res.json(overview);
    }),
  );

  router.post(
    '/api/ui/experiences/:uid/mirror',
    gate,
    handle(async (req, res) => {
      const params = uidParams.safeParse(req.params);
      if (!params.success) return badRequest(res, params.error);
      const installation = installationFrom(res);
      if (!(await ownsExperience(installation, params.data.uid))) {
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

  /** Best effort: the 5-minute sweep refreshes the report anyway when the queue is down. */
  async function queueMirror(installation: Installation, experienceUid: string): Promise<void> {
    try {
      await deps.queues.enqueueMirror({
        stackApiKey: installation.stackApiKey,
        projectUid: installation.projectUid,
        experienceUid,
        trigger: 'manual',
      });
    } catch (error) {
      deps.log?.warn({ experienceUid, error: String(error) }, 'ui api: mirror not queued after a write');
    }
  }

  function editorFor(installation: Installation, res: Response): StackEditor | null {
    const editor = deps.editors?.(installation) ?? null;
    if (editor === null) sendError(res, 501, 'not-implemented', { reason: 'this server cannot write to the CMA' });
    return editor;
  }

  router.post(
    '/api/ui/experiences/:uid/remaps/move',
    gate,
    express.json({ limit: '4kb' }),
    handle(async (req, res) => {
      const params = uidParams.safeParse(req.params);
      if (!params.success) return badRequest(res, params.error);
      const body = moveBody.safeParse(req.body);
      if (!body.success) return badRequest(res, body.error);
      const installation = installationFrom(res);
      const editor = editorFor(installation, res);
      if (editor === null) return;
      const outcome = await moveEntryVariants(
        { ...deps.readers(installation), editor },
        { projectUid: installation.projectUid, experienceUid: params.data.uid },
        body.data,
      );
      if (!outcome.ok) {
        sendError(res, outcome.status, outcome.status === 403 ? 'forbidden' : 'not-found', {
          reason: outcome.reason,
          ...(outcome.field === undefined ? {} : { field: outcome.field }),
        });
        return;
      }
      // So the remap report (and coverage) refreshes without waiting for the sweep.
      await queueMirror(installation, params.data.uid);
      res.json(outcome.report);
    }),
  );

  router.post(
    '/api/ui/orphaned-groups/:groupUid/unlink',
    gate,
    handle(async (req, res) => {
      const params = groupParams.safeParse(req.params);
      if (!params.success) return badRequest(res, params.error);
      const installation = installationFrom(res);
      const editor = editorFor(installation, res);
      if (editor === null) return;
      const outcome = await unlinkOrphanedGroup(
        { ...deps.readers(installation), editor },
        { projectUid: installation.projectUid },
        params.data.groupUid,
      );
      if (!outcome.ok) {
        res
          .status(outcome.status)
          .json({ error: outcome.status === 404 ? 'not-found' : 'conflict', reason: outcome.reason });
        return;
      }
      await queueMirror(installation, outcome.experienceUid);
      res.json({ groupUid: outcome.groupUid, experienceUid: outcome.experienceUid, unlinked: outcome.unlinked });
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
      res.json(results.value);
    }),
  );

  router.get(
    '/api/ui/queues',
    gate,
    handle(async (_req, res) => {
      const installation = installationFrom(res);
      try {
        res.json({ queues: await deps.queues.counts(installation.stackApiKey) });
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

  return router;
}
