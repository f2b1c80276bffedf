/**
 * `/apps-api`: the OAuth token endpoint (form-encoded or JSON) and read access to an installation for its
 * own app token. OAuth errors use RFC 6749's `{error, error_description}` (Contentstack's exact token-error
 * body is not published; this is the shape OAuth clients parse).
 */
import express, { Router } from 'express';
import type { Response } from 'express';
import { z } from 'zod';
import type { SandboxContext } from '../core/contracts';
import { isBodyParseError } from './admin-http';
import { publicInstallation } from './installations';
import type { AppPlatformState, TokenResult } from './platform';

const codeGrant = z.object({
  grant_type: z.literal('authorization_code'),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
  redirect_uri: z.string().min(1),
  code: z.string().min(1),
});

const refreshGrant = z.object({
  grant_type: z.literal('refresh_token'),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
  refresh_token: z.string().min(1),
});

function oauthError(res: Response, status: number, error: string, description: string): void {
  res.status(status).set('Cache-Control', 'no-store').json({ error, error_description: description });
}

function sendTokenResult(res: Response, result: TokenResult): void {
  if (!result.ok) {
    oauthError(res, result.status, result.error, result.description);
    return;
  }
  res.set('Cache-Control', 'no-store').json(result.body);
}

export function createAppsApiRouter(ctx: SandboxContext, platform: AppPlatformState): Router {
  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: '64kb' }), express.json({ limit: '64kb' }));

  router.post('/token', (req, res) => {
    const body: unknown = req.body ?? {};
    const grantType = typeof body === 'object' && body !== null && 'grant_type' in body ? body.grant_type : undefined;
    if (grantType === 'authorization_code') {
      const parsed = codeGrant.safeParse(body);
      if (!parsed.success) {
        oauthError(res, 400, 'invalid_request', describe(parsed.error));
        return;
      }
      sendTokenResult(
        res,
        platform.exchangeCode({
          clientId: parsed.data.client_id,
          clientSecret: parsed.data.client_secret,
          redirectUri: parsed.data.redirect_uri,
          code: parsed.data.code,
        }),
      );
      return;
    }
    if (grantType === 'refresh_token') {
      const parsed = refreshGrant.safeParse(body);
      if (!parsed.success) {
        oauthError(res, 400, 'invalid_request', describe(parsed.error));
        return;
      }
      sendTokenResult(
        res,
        platform.refresh({
          clientId: parsed.data.client_id,
          clientSecret: parsed.data.client_secret,
          refreshToken: parsed.data.refresh_token,
        }),
      );
      return;
    }
    if (grantType === undefined) {
      oauthError(res, 400, 'invalid_request', 'grant_type is required.');
      return;
    }
    oauthError(res, 400, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token.');
  });

  // An installation is readable with its own app token (or a user authtoken of its organization).
  router.get('/installations/:uid', (req, res) => {
    const inst = authorizedInstallation(ctx, platform, req.params.uid, req.headers, res);
    if (inst === undefined) return;
    res.json({ data: publicInstallation(inst) });
  });

  router.get('/installations/:uid/installationData', (req, res) => {
    const inst = authorizedInstallation(ctx, platform, req.params.uid, req.headers, res);
    if (inst === undefined) return;
    res.json({ data: { configuration: inst.configuration, server_configuration: inst.serverConfiguration } });
  });

  router.use(((err: unknown, _req, res, next) => {
    if (isBodyParseError(err)) {
      oauthError(res, 400, 'invalid_request', 'The request body could not be parsed.');
      return;
    }
    next(err);
  }) satisfies express.ErrorRequestHandler);

  return router;
}

function authorizedInstallation(
  ctx: SandboxContext,
  platform: AppPlatformState,
  uid: string,
  headers: { authtoken?: string | string[] | undefined; authorization?: string | undefined },
  res: Response,
): ReturnType<AppPlatformState['installation']> {
  const principal = ctx.credentials.resolve({
    authtoken: typeof headers.authtoken === 'string' ? headers.authtoken : undefined,
    authorization: headers.authorization,
  });
  if (principal === undefined || principal.kind === 'management-token') {
    res.status(401).json({ error_message: "You're not allowed in here unless you're logged in.", error_code: 105 });
    return undefined;
  }
  const inst = platform.installation(uid);
  const allowed =
    inst !== undefined &&
    (principal.kind === 'app' ? principal.installationUid === inst.uid : principal.orgUid === inst.organizationUid);
  if (inst === undefined || !allowed) {
    res.status(404).json({ error_message: 'Installation not found.', error_code: 404 });
    return undefined;
  }
  return inst;
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`).join('; ');
}
