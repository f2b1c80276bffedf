/**
 * `/_sandbox` routes of the app platform (paths are relative: mount under `/_sandbox`):
 * - `GET|PUT /app` — the app definition (client id/secret, redirect URI, scopes, webhook receiver).
 * - `POST /installations {api_key, configuration?, server_configuration?}` — simulates the install redirect:
 *   installs (emitting the `install` webhook) or re-authorizes, and answers `{installation_uid, code, redirect_uri, redirect_url}`.
 * - `GET /installations`, `PUT /installations/:uid {configuration?, server_configuration?}`, `DELETE /installations/:uid`.
 * - `POST /installations/:uid/upgrade` — a new app version reaches the installation (emits the `upgrade` webhook).
 * - `POST /app-token {location, api_key, user_uid}` — a signed-location JWT for the dev host.
 * - `POST /rotate-signing-key` — new key; the old one stays published as `signing-key-1`.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { SandboxContext } from '../core/contracts';
import { adminError, adminJsonErrors, fieldErrors, jsonBody } from './admin-http';
import { publicApp } from './app-definition';
import { publicInstallation } from './installations';
import type { SigningKeys } from './keys';
import { signLocationToken } from './location-token';
import type { AppPlatformState } from './platform';

const jsonObject = z.record(z.string(), z.unknown());

const installBody = z.object({
  api_key: z.string().min(1),
  configuration: jsonObject.optional(),
  server_configuration: jsonObject.optional(),
});

const updateBody = z
  .object({ configuration: jsonObject.optional(), server_configuration: jsonObject.optional() })
  .refine((b) => b.configuration !== undefined || b.server_configuration !== undefined, {
    message: 'configuration or server_configuration is required',
  });

const appTokenBody = z.object({
  location: z.string().min(1),
  api_key: z.string().min(1),
  user_uid: z.string().min(1),
});

const appBody = z.object({
  redirect_uri: z.string().url().optional(),
  scopes: z.array(z.string().min(1)).optional(),
  webhook_url: z.string().url().nullable().optional(),
  webhook_hmac_secret: z.string().min(1).nullable().optional(),
});

export function createAppAdminRouter(ctx: SandboxContext, platform: AppPlatformState, keys: SigningKeys): Router {
  const router = Router();
  router.use(jsonBody);

  router.get('/app', (_req, res) => {
    res.json({ app: publicApp(platform.app) });
  });

  router.put('/app', (req, res) => {
    const parsed = appBody.safeParse(req.body);
    if (!parsed.success) {
      adminError(res, 422, 'App definition is not valid.', fieldErrors(parsed.error));
      return;
    }
    const b = parsed.data;
    const next = { ...platform.app };
    if (b.redirect_uri !== undefined) next.redirectUri = b.redirect_uri;
    if (b.scopes !== undefined) next.scopes = b.scopes;
    if (b.webhook_url === null) delete next.webhookUrl;
    else if (b.webhook_url !== undefined) next.webhookUrl = b.webhook_url;
    if (b.webhook_hmac_secret === null) delete next.webhookHmacSecret;
    else if (b.webhook_hmac_secret !== undefined) next.webhookHmacSecret = b.webhook_hmac_secret;
    platform.app = next;
    res.json({ app: publicApp(platform.app) });
  });

  router.get('/installations', (_req, res) => {
    res.json({ installations: platform.installationsList().map(publicInstallation) });
  });

  router.post('/installations', (req, res) => {
    const parsed = installBody.safeParse(req.body);
    if (!parsed.success) {
      adminError(res, 422, 'Installation is not valid.', fieldErrors(parsed.error));
      return;
    }
    const result = platform.install({
      apiKey: parsed.data.api_key,
      configuration: parsed.data.configuration,
      serverConfiguration: parsed.data.server_configuration,
    });
    if (!result.ok) {
      adminError(res, 412, 'Stack not found.', { api_key: ['is not valid.'] });
      return;
    }
    const redirect = new URL(platform.app.redirectUri);
    redirect.searchParams.set('code', result.code);
    redirect.searchParams.set('location', 'NA');
    redirect.searchParams.set('installation_uid', result.installation.uid);
    res.status(result.created ? 201 : 200).json({
      installation_uid: result.installation.uid,
      code: result.code,
      redirect_uri: platform.app.redirectUri,
      redirect_url: redirect.toString(),
      installation: publicInstallation(result.installation),
    });
  });

  router.put('/installations/:uid', (req, res) => {
    const parsed = updateBody.safeParse(req.body);
    if (!parsed.success) {
      adminError(res, 422, 'Installation update is not valid.', fieldErrors(parsed.error));
      return;
    }
    const inst = platform.update(req.params.uid, {
      configuration: parsed.data.configuration,
      serverConfiguration: parsed.data.server_configuration,
    });
    if (inst === undefined) {
      adminError(res, 404, 'Installation not found.', { uid: ['is not valid.'] });
      return;
    }
    res.json({ installation: publicInstallation(inst) });
  });

  router.post('/installations/:uid/upgrade', (req, res) => {
    const inst = platform.upgrade(req.params.uid);
    if (inst === undefined) {
      adminError(res, 404, 'Installation not found.', { uid: ['is not valid.'] });
      return;
    }
    res.json({ installation: publicInstallation(inst) });
  });

  router.delete('/installations/:uid', (req, res) => {
    if (!platform.uninstall(req.params.uid)) {
      adminError(res, 404, 'Installation not found.', { uid: ['is not valid.'] });
      return;
    }
    res.json({ notice: 'App uninstalled.' });
  });

  router.post('/app-token', async (req, res) => {
    const parsed = appTokenBody.safeParse(req.body);
    if (!parsed.success) {
      adminError(res, 422, 'App token request is not valid.', fieldErrors(parsed.error));
      return;
    }
    const inst = platform.installationForStack(parsed.data.api_key);
    if (inst === undefined) {
      adminError(res, 404, 'The app is not installed on this stack.', { api_key: ['is not valid.'] });
      return;
    }
    const { token, expiresAt } = await signLocationToken(
      keys,
      {
        organization_uid: inst.organizationUid,
        installation_uid: inst.uid,
        app_uid: inst.appUid,
        stack_api_key: inst.stackApiKey,
        user_uid: parsed.data.user_uid,
      },
      ctx.clock.now(),
    );
    res.status(201).json({
      app_token: token,
      location: parsed.data.location,
      installation_uid: inst.uid,
      expires_at: expiresAt.toISOString(),
    });
  });

  router.post('/rotate-signing-key', (_req, res) => {
    const key = keys.rotate();
    res.json({ notice: 'Signing key rotated.', kid: key.kid, published: Object.keys(keys.publicKeyDocument()) });
  });

  router.use(adminJsonErrors);
  return router;
}
