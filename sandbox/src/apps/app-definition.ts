/** The one marketplace app the sandbox knows: ours. Its OAuth client and token scopes. */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

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

/**
 * The app's scopes are the manifest's `oauth.app_token_config.scopes`, read from the repository's manifest.json,
 * not a list kept here: what the sandbox grants is what the app asks Contentstack for, so a scope the manifest
 * lacks fails the tests that need it.
 */
export const MANIFEST_URL = new URL('../../../manifest.json', import.meta.url);

const manifestSchema = z.object({
  oauth: z.object({ app_token_config: z.object({ scopes: z.array(z.string().min(1)).min(1) }) }),
});

export function manifestScopes(url: URL = MANIFEST_URL): string[] {
  let text: string;
  try {
    text = readFileSync(url, 'utf8');
  } catch (error) {
    throw new Error(
      `sandbox: cannot read the app manifest at ${fileURLToPath(url)} (${(error as Error).message}); ` +
        'the sandbox app takes its OAuth scopes from its oauth.app_token_config.scopes',
      { cause: error },
    );
  }
  const parsed = manifestSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new Error(
      `sandbox: ${fileURLToPath(url)} has no oauth.app_token_config.scopes list: ${parsed.error.message}`,
    );
  }
  return [...parsed.data.oauth.app_token_config.scopes];
}

export function defaultAppDefinition(overrides: Partial<AppDefinition> = {}): AppDefinition {
  return {
    appUid: 'app_personalize_bridge',
    clientId: 'pb_client_sandbox',
    // Deterministic across restarts so a developer's .env keeps working; it is a sandbox secret, not a real one.
    clientSecret: 'pb_secret_sandbox_0123456789abcdef',
    redirectUri: 'http://127.0.0.1:5000/oauth/callback',
    organizationUid: 'blt_org_sandbox_developer',
    scopes: manifestScopes(),
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
