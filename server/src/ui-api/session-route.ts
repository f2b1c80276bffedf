// POST /api/ui/session {app_token} → {session_token, expires_in}: a signed location token of our app, for a stack
// whose installation is still current, buys a short session. The one route outside the session gate.
import express, { type Router } from 'express';
import { sendError } from '../http/errors';
import { currentInstallation } from './require-session';
import { badRequest, handler, sessionBody, type UiApiDeps } from './route-kit';

export function sessionRoute(router: Router, deps: UiApiDeps): void {
  const handle = handler(deps);
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
}
