// The UI API suite's calls: an app token for a stack's user (as the CMS hands one to a location) and a JSON call to
// the UI API with it. The server itself is test/support/ui-api-server.ts.
import { createInstallation, mintAppToken } from '@pb/sandbox/testing';

/**
 * Installs the app on a stack in the platform (no browser redirect: this server mounts no OAuth callback) and mints
 * a signed-location app token for a user.
 */
export async function appTokenFor(sandboxUrl: string, apiKey: string, userUid = 'ui_test_user'): Promise<string> {
  await createInstallation(sandboxUrl, apiKey, {});
  return mintAppToken(sandboxUrl, { apiKey, userUid, location: 'cs.cm.stack.full_page' });
}

export async function call(
  url: string,
  options: { method?: string; token?: string; body?: unknown; origin?: string } = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.origin !== undefined) headers['origin'] = options.origin;
  const response = await fetch(url, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}
