/**
 * The marketplace's install flow against the sandbox's app platform, as tests and scripts play it: the developer
 * registers where the app lives (`PUT /_sandbox/app`: the OAuth redirect and the webhook receiver), an admin installs
 * it on a stack (`POST /_sandbox/installations`: the platform records the installation and sends the signed `install`
 * webhook), and the admin's browser follows the redirect to the app's OAuth callback, which trades the code for the
 * installation's tokens. The webhook and the redirect race, as they do for real.
 */
import { z } from 'zod';
import { adminCall } from './admin-client';

/** Where the platform reaches the app. */
export interface AppEndpoints {
  /** The app's OAuth callback (the install redirect lands here). */
  redirectUri: string;
  /** The app's webhook receiver (install, update, uninstall… and the stack's events). */
  webhookUrl: string;
}

export async function registerApp(sandboxUrl: string, endpoints: AppEndpoints): Promise<void> {
  await adminCall(sandboxUrl, 'PUT', '/_sandbox/app', z.unknown(), {
    redirect_uri: endpoints.redirectUri,
    webhook_url: endpoints.webhookUrl,
  });
}

const installationAnswer = z.object({
  installation_uid: z.string(),
  code: z.string(),
  redirect_uri: z.string(),
  redirect_url: z.string(),
});

/** The platform's answer to an install: 201 for a new installation, 200 when it re-authorizes an existing one. */
export interface Installation {
  status: number;
  installationUid: string;
  /** The OAuth code the redirect carries, for the app's token exchange. */
  code: string;
  redirectUri: string;
  /** The redirect the admin's browser follows: the app's callback with code, location and installation uid. */
  redirectUrl: string;
}

/** The admin's install in the platform, without the browser's redirect (for apps with no callback to follow to). */
export async function createInstallation(
  sandboxUrl: string,
  apiKey: string,
  configuration?: Record<string, unknown>,
): Promise<Installation> {
  const answer = await adminCall(sandboxUrl, 'POST', '/_sandbox/installations', installationAnswer, {
    api_key: apiKey,
    ...(configuration === undefined ? {} : { configuration }),
  });
  return {
    status: answer.status,
    installationUid: answer.body.installation_uid,
    code: answer.body.code,
    redirectUri: answer.body.redirect_uri,
    redirectUrl: answer.body.redirect_url,
  };
}

export interface AppInstall {
  installation: Installation;
  /** The app's callback's answer to the admin's browser (not judged here: a test may expect a refusal). */
  callback: { status: number; body: Record<string, unknown> };
}

/**
 * Installs the app on a stack through the whole flow: registers the endpoints first when given, installs, then
 * follows the redirect to the callback.
 */
export async function installApp(
  sandboxUrl: string,
  apiKey: string,
  options: { endpoints?: AppEndpoints; configuration?: Record<string, unknown> } = {},
): Promise<AppInstall> {
  if (options.endpoints !== undefined) await registerApp(sandboxUrl, options.endpoints);
  const installation = await createInstallation(sandboxUrl, apiKey, options.configuration);
  const response = await fetch(installation.redirectUrl, { headers: { accept: 'application/json' } });
  const text = await response.text();
  const body = z.record(z.string(), z.unknown()).parse(text === '' ? {} : JSON.parse(text));
  return { installation, callback: { status: response.status, body } };
}

/** A signed-location app token for a user of a stack the app is installed on, as the CMS hands it to a location. */
export async function mintAppToken(
  sandboxUrl: string,
  request: { apiKey: string; userUid: string; location: string },
): Promise<string> {
  const minted = await adminCall(sandboxUrl, 'POST', '/_sandbox/app-token', z.object({ app_token: z.string() }), {
    location: request.location,
    api_key: request.apiKey,
    user_uid: request.userUid,
  });
  return minted.body.app_token;
}
