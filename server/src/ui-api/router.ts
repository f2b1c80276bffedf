// The app UI's API. Every route but the session exchange sits behind `requireSession`, and everything a route
// reads is the session's own stack: there is no parameter that names another stack.
//   POST /api/ui/session {app_token}           → {session_token, expires_in}
//   GET  /api/ui/experiences[?include=coverage] → {experiences, orphanedGroups}
//   POST /api/ui/experiences/:uid/mirror       → 202 {queued: true}
//   GET  /api/ui/experiences/:uid/results      → the results view (server/src/results)
//   GET  /api/ui/queues                        → {queues: {<name>: {<state>: count}}}
//   GET  /api/ui/personalize/projects?region=  → {projects: [{uid, name}]}
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { isExternalCallError } from '@pb/shared';
import { z } from 'zod';
import type { InstallationDirectory, Installation } from '../installations';
import type { ServedTable } from '../assignments/table-reader';
import { resultsFor, type ResultsEvents } from '../results/experience-results';
import type { AppTokenVerifier } from './app-token';
import type { SessionIssuer } from './session';
import { requireSession, sessionFrom } from './require-session';
import { experiencesOverview } from './experiences-overview';
import type { CoverageTableSource, MirrorStatusSource, PersonalizeReader, QueuePort, StackReader } from './ports';

export interface UiApiDeps {
  verifier: AppTokenVerifier;
  sessions: SessionIssuer;
  installations: InstallationDirectory;
  readers(installation: Installation): { personalize: PersonalizeReader; stack: StackReader };
  mirrorStatus: MirrorStatusSource;
  coverage: CoverageTableSource;
  queues: QueuePort;
  results: {
    tables: { get(projectUid: string): Promise<ServedTable | null> };
    events: ResultsEvents;
  };
  /** The region this server talks to (lower case, e.g. `na`). */
  region: string;
  /** `*` or the exact origins the app is served from. */
  allowedOrigins: '*' | readonly string[];
  log?: { warn(object: object, message: string): void };
}

const uid = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected a uid');
const sessionBody = z.object({ app_token: z.string().min(1).max(8192) });
const uidParams = z.object({ uid });
const experiencesQuery = z.object({ include: z.enum(['coverage']).optional() });
const projectsQuery = z.object({ region: z.string().min(1).max(32).optional() });

function badRequest(res: Response, error: z.ZodError): void {
  const issue = error.issues[0];
  res.status(400).json({ error: 'bad-request', reason: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}` });
}

/** CORS for the app's origin: bearer tokens, no cookies, so no credentials mode. */
function cors(allowed: UiApiDeps['allowedOrigins']) {
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    if (allowed === '*') res.setHeader('Access-Control-Allow-Origin', '*');
    else if (origin !== undefined && allowed.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'authorization, content-type');
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}

export function createUiApiRouter(deps: UiApiDeps): Router {
  const router = express.Router();
  router.use('/api/ui', cors(deps.allowedOrigins));
  const gate = requireSession(deps.sessions);

  /** The session's installation, or a 403 that says the stack is not (or no longer) installed. */
  async function installationOf(res: Response): Promise<Installation | null> {
    const session = sessionFrom(res);
    const installation = await deps.installations.forStack(session.stackApiKey);
    if (installation === undefined || installation.organizationUid !== session.organizationUid) {
      res.status(403).json({ error: 'forbidden', reason: 'stack-not-installed' });
      return null;
    }
    return installation;
  }

  /** Upstream failures are answered 502 with their reason; anything else goes to the app's error handler. */
  const handle =
    (route: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => {
      route(req, res).catch((error: unknown) => {
        if (isExternalCallError(error)) {
          deps.log?.warn({ service: error.service, status: error.status, kind: error.kind }, 'ui api: upstream failed');
          res.status(502).json({ error: 'upstream', reason: error.message });
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
        res.status(verified.reason === 'app-token-keys-unavailable' ? 503 : 401).json({
          error: 'unauthorized',
          reason: verified.reason,
        });
        return;
      }
      const installation = await deps.installations.forStack(verified.claims.stack_api_key);
      if (installation === undefined || installation.organizationUid !== verified.claims.organization_uid) {
        res.status(403).json({ error: 'forbidden', reason: 'stack-not-installed' });
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
      const installation = await installationOf(res);
      if (installation === null) return;
      const { projectUid } = installation;
      const [fingerprints, reports, jobs, coverageTable] = await Promise.all([
        deps.mirrorStatus.fingerprints(projectUid),
        deps.mirrorStatus.reports(projectUid),
        deps.mirrorStatus.jobs(projectUid),
        deps.coverage.coverage(projectUid),
      ]);
      const overview = await experiencesOverview(
        {
          ...deps.readers(installation),
          fingerprints,
          reports,
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
      const installation = await installationOf(res);
      if (installation === null) return;
      try {
        await deps.queues.enqueueMirror({
          stackApiKey: installation.stackApiKey,
          projectUid: installation.projectUid,
          experienceUid: params.data.uid,
          trigger: 'manual',
        });
      } catch {
        res.status(503).json({ error: 'unavailable', reason: 'the queue is not reachable; try again shortly' });
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
      const installation = await installationOf(res);
      if (installation === null) return;
      const table = await deps.results.tables.get(installation.projectUid);
      if (table === null) {
        res.status(404).json({ error: 'not-found', reason: 'experience-not-served' });
        return;
      }
      const results = await resultsFor(table, deps.results.events, params.data.uid);
      if (!results.ok) {
        res.status(404).json({ error: 'not-found', reason: results.reason });
        return;
      }
      res.json(results.value);
    }),
  );

  router.get(
    '/api/ui/queues',
    gate,
    handle(async (_req, res) => {
      const installation = await installationOf(res);
      if (installation === null) return;
      try {
        res.json({ queues: await deps.queues.counts() });
      } catch {
        res.status(503).json({ error: 'unavailable', reason: 'the queue is not reachable' });
      }
    }),
  );

  router.get(
    '/api/ui/personalize/projects',
    gate,
    handle(async (req, res) => {
      const query = projectsQuery.safeParse(req.query);
      if (!query.success) return badRequest(res, query.error);
      if (query.data.region !== undefined && query.data.region.toLowerCase() !== deps.region) {
        res.status(422).json({
          error: 'wrong-region',
          reason: `This server works in the ${deps.region.toUpperCase()} region, not ${query.data.region}.`,
        });
        return;
      }
      const installation = await installationOf(res);
      if (installation === null) return;
      const projects = await deps.readers(installation).personalize.listProjects(installation.stackApiKey);
      res.json({ projects });
    }),
  );

  return router;
}
