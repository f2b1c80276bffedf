/** The one marketplace app the sandbox knows: ours. Its OAuth client and token scopes. */
import { randomBytes } from 'node:crypto';

export interface AppDefinition {
  appUid: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** The organization that owns the app (Developer Hub). */
  organizationUid: string;
  /** `oauth.app_token_config.scopes` of the manifest. */
  scopes: string[];
  /** When set, every installation registers this webhook receiver for its stack (the manifest's `webhook.target_url`). */
  webhookUrl?: string;
  webhookHmacSecret?: string;
}

export const DEFAULT_APP_SCOPES: readonly string[] = [
  'cm.stacks.management:read',
  'cm.content-types.management:read',
  'cm.content-types.management:write',
  'cm.entries.management:read',
  'cm.entries.management:write',
  'cm.entry:publish',
  'cm.entry:unpublish',
  'cm.environments.management:read',
  'cm.languages.management:read',
  'personalize:read',
  'personalize:manage',
];

export function defaultAppDefinition(overrides: Partial<AppDefinition> = {}): AppDefinition {
  return {
    appUid: 'app_personalize_bridge',
    clientId: 'pb_client_sandbox',
    // Deterministic across restarts so a developer's .env keeps working; it is a sandbox secret, not a real one.
    clientSecret: 'pb_secret_sandbox_0123456789abcdef',
    redirectUri: 'http://127.0.0.1:5000/oauth/callback',
    organizationUid: 'blt_org_sandbox_developer',
    scopes: [...DEFAULT_APP_SCOPES],
    ...overrides,
  };
}

export function opaqueToken(prefix: string): string {
  return `${prefix}${randomBytes(20).toString('hex')}`;
}

export function publicApp(app: AppDefinition): Record<string, unknown> {
  return {
    app_uid: app.appUid,
    client_id: app.clientId,
    client_secret: app.clientSecret,
    redirect_uri: app.redirectUri,
    organization_uid: app.organizationUid,
    scopes: app.scopes,
    webhook_url: app.webhookUrl ?? null,
  };
}
