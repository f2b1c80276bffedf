/**
 * The marketplace app platform: OAuth token endpoint (`/apps-api`), installations, signed-location app tokens,
 * and the well-known public key set shared with webhook signatures.
 *
 * Mounting: `module.router` at `/apps-api`; `wellKnown` at the root (its paths are absolute);
 * `adminRouter` under `/_sandbox` (its paths are relative). Pass the same `keys` given to the webhook
 * dispatcher, and the dispatcher's `targets` so installations can register the app's webhook receiver.
 */
import type { Router } from 'express';
import type { SandboxContext, SandboxModule } from '../core/contracts';
import { createAppAdminRouter } from './admin-router';
import type { AppDefinition } from './app-definition';
import { publicApp } from './app-definition';
import { createAppsApiRouter } from './apps-api-router';
import { createSigningKeys } from './keys';
import type { SigningKeys } from './keys';
import { createPlatformState } from './platform';
import type { AppPlatformState, WebhookTargetPort } from './platform';
import { createWellKnownRouter } from './well-known-router';

export { createSigningKeys } from './keys';
export type { SigningKey, SigningKeys } from './keys';
export type { AppDefinition } from './app-definition';
export { LOCATION_TOKEN_TTL_SEC } from './location-token';
export { ACCESS_TOKEN_TTL_SEC, AUTHORIZATION_CODE_TTL_MS } from './platform';

export interface AppPlatformOptions {
  keys?: SigningKeys;
  webhookTargets?: WebhookTargetPort;
  app?: Partial<AppDefinition>;
}

export interface AppPlatform {
  module: SandboxModule;
  wellKnown: Router;
  adminRouter: Router;
  keys: SigningKeys;
  /** The app as `GET /_sandbox/credentials` reports it: `{app_uid, client_id, client_secret, redirect_uri, ...}`. */
  app(): Record<string, unknown>;
  state: AppPlatformState;
}

export function createAppPlatform(ctx: SandboxContext, opts: AppPlatformOptions = {}): AppPlatform {
  const keys = opts.keys ?? createSigningKeys({ registerState: (p) => ctx.registerState(p) });
  const state = createPlatformState(ctx, opts.app, opts.webhookTargets);
  ctx.registerState(state.statePart());
  return {
    module: { mount: '/apps-api', rateKind: () => null, router: createAppsApiRouter(ctx, state) },
    wellKnown: createWellKnownRouter(keys),
    adminRouter: createAppAdminRouter(ctx, state, keys),
    keys,
    app: () => publicApp(state.app),
    state,
  };
}
