// GET /oauth/callback — where the platform sends the admin's browser after an install or re-authorization
// (`?code=…&location=…&installation_uid=…`). The code becomes the installation's app tokens, stored sealed; the
// answer names the stack and never carries a token.
import { Router, type Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { InstallationStore } from './installation-store';
import type { OAuthClient } from './oauth-client';
import { sameRegion } from '../config';

const callbackQuery = z.object({
  code: z.string().min(1).max(512).optional(),
  installation_uid: z.string().min(1).max(128).optional(),
  location: z.string().max(32).optional(),
  error: z.string().max(256).optional(),
});

/** Finds which stack an installation is on when the token answer does not say. */
export type InstallationTargetLookup = (installationUid: string, accessToken: string) => Promise<string | undefined>;

export interface OAuthCallbackDeps {
  /** Undefined when APP_CLIENT_ID / APP_CLIENT_SECRET / APP_REDIRECT_URI are not configured. */
  oauth: OAuthClient | undefined;
  store: Pick<InstallationStore, 'recordTokens'>;
  lookupTarget: InstallationTargetLookup;
  /** The region this server works in (`CONTENTSTACK_REGION`): installs from another region are refused. */
  serverRegion: string;
  /** Queues the first sync of the stack (durably, before the admin sees "installed"). */
  onAuthorized?: (stackApiKey: string) => Promise<void>;
  log?: Logger;
}

function answer(res: Response, status: number, body: Record<string, string>, sentence: string): void {
  res.status(status).set('Cache-Control', 'no-store');
  res.format({
    'application/json': () => res.json(body),
    default: () =>
      res
        .type('html')
        .send(
          `<!doctype html><meta charset="utf-8"><title>Personalize Bridge</title><p>${sentence.replace(/[<>&"]/g, '')}</p>`,
        ),
  });
}

export function oauthCallbackRouter(deps: OAuthCallbackDeps): Router {
  const router = Router();
  router.get('/oauth/callback', async (req, res, next) => {
    try {
      const query = callbackQuery.safeParse(req.query);
      if (!query.success) {
        const field = query.error.issues[0]?.path.join('.') ?? 'query';
        answer(res, 400, { error: 'invalid-callback', field }, `The install link is not valid (${field}).`);
        return;
      }
      const { code, error } = query.data;
      if (error !== undefined || code === undefined) {
        const reason = error ?? 'code-missing';
        answer(res, 400, { error: 'authorization-denied', reason }, `The app was not authorized (${reason}).`);
        return;
      }
      if (deps.oauth === undefined) {
        answer(res, 503, { error: 'oauth-not-configured' }, 'This server has no OAuth app configured.');
        return;
      }
      const exchanged = await deps.oauth.exchangeCode(code);
      if (!exchanged.ok) {
        deps.log?.warn({ reason: exchanged.reason }, 'oauth code exchange refused');
        answer(
          res,
          400,
          { error: 'authorization-failed', reason: exchanged.reason },
          'The install link has expired or was already used: install or authorize the app again.',
        );
        return;
      }
      const { tokens } = exchanged;
      const location = tokens.location ?? query.data.location;
      if (location !== undefined && !sameRegion(location, deps.serverRegion)) {
        deps.log?.warn({ location }, 'install from another region refused');
        answer(
          res,
          400,
          { error: 'wrong-region', location },
          `This server works in the ${deps.serverRegion.toUpperCase()} region, not ${location}: install the app from a deployment in that region.`,
        );
        return;
      }
      const installationUid = tokens.installationUid ?? query.data.installation_uid;
      const stackApiKey =
        tokens.stackApiKey ??
        (installationUid === undefined ? undefined : await deps.lookupTarget(installationUid, tokens.accessToken));
      if (installationUid === undefined || stackApiKey === undefined) {
        answer(res, 400, { error: 'installation-unknown' }, 'The platform did not say which stack was installed.');
        return;
      }
      const view = await deps.store.recordTokens(
        {
          stackApiKey,
          installationUid,
          organizationUid: tokens.organizationUid,
          ...(location === undefined ? {} : { region: location }),
        },
        tokens,
      );
      await deps.onAuthorized?.(stackApiKey);
      deps.log?.info({ stackApiKey, installationUid, project: view.projectUid ?? null }, 'app authorized');
      answer(
        res,
        200,
        {
          status: 'installed',
          stack_api_key: stackApiKey,
          installation_uid: installationUid,
          ...(view.projectUid === undefined ? {} : { personalize_project_uid: view.projectUid }),
        },
        `Personalize Bridge is installed on stack ${stackApiKey}. You can close this window.`,
      );
    } catch (error) {
      next(error);
    }
  });
  return router;
}
