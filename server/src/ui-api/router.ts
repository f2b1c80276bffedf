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
//   GET  /api/ui/edge-key · POST /api/ui/edge-key/rotate → {projectUid, edgeKey} (edge-key-routes.ts)
import express, { type Router } from 'express';
import { uiCors } from '../http/security';
import { edgeKeyRoutes } from './edge-key-routes';
import { experienceRoutes } from './experience-routes';
import { installationRoutes } from './installation-routes';
import { requireSession } from './require-session';
import type { UiApiDeps } from './route-kit';
import { sessionRoute } from './session-route';
import { syncActionRoutes } from './sync-action-routes';

export type { UiApiDeps } from './route-kit';

export function createUiApiRouter(deps: UiApiDeps): Router {
  const router = express.Router();
  router.use('/api/ui', uiCors(deps.allowedOrigins));
  const gate = requireSession(deps.sessions, deps.installations);
  sessionRoute(router, deps);
  experienceRoutes(router, deps, gate);
  syncActionRoutes(router, deps, gate);
  installationRoutes(router, deps, gate);
  edgeKeyRoutes(router, deps, gate);
  return router;
}
