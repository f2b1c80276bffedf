/**
 * The environment a server or worker process needs to talk to a sandbox instead of a Contentstack region: every base
 * URL it reads (the ones the server does not read yet are here too, so a process started this way sees what
 * `npm start` gives it) and, for a process that is the sandbox's registered marketplace app, its OAuth client.
 * No stack credential: a process serves a stack because the app is installed on it (or because its caller adds an
 * operator-configured stack).
 */

/** The registered app as the sandbox's credentials document shows it (`GET /_sandbox/credentials` → `app`). */
export interface SandboxAppCredentials {
  app_uid: string;
  client_id: string;
  client_secret: string;
}

export function serverEnvironment(sandboxUrl: string, app?: SandboxAppCredentials): Record<string, string> {
  return {
    CONTENTSTACK_SANDBOX_URL: sandboxUrl,
    CONTENTSTACK_CMA_URL: `${sandboxUrl}/v3`,
    CONTENTSTACK_CDA_URL: `${sandboxUrl}/cdn/v3`,
    PERSONALIZE_API_URL: `${sandboxUrl}/personalize`,
    CONTENTSTACK_APP_URL: sandboxUrl,
    CONTENTSTACK_PUBLIC_KEYS_URL: `${sandboxUrl}/.well-known/public-keys.json`,
    APPS_API_URL: `${sandboxUrl}/apps-api`,
    ...(app === undefined
      ? {}
      : { APP_UID: app.app_uid, APP_CLIENT_ID: app.client_id, APP_CLIENT_SECRET: app.client_secret }),
  };
}
