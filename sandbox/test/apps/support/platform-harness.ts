/** The app platform mounted the way the sandbox mounts it, with a recording webhook emitter. */
import { createAppPlatform } from '../../../src/apps';
import type { AppPlatform } from '../../../src/apps';
import { createSigningKeys } from '../../../src/apps/keys';
import { startHarness } from './harness';
import type { Harness } from './harness';

export const REDIRECT_URI = 'http://127.0.0.1:5999/oauth/callback';

export async function startPlatform(): Promise<{ h: Harness; platform: AppPlatform }> {
  let platform: AppPlatform | undefined;
  const keys = createSigningKeys();
  const h = await startHarness((app, parts) => {
    platform = createAppPlatform(parts.ctx, { keys, app: { redirectUri: REDIRECT_URI } });
    app.use(platform.module.mount, platform.module.router);
    app.use(platform.wellKnown);
    app.use('/_sandbox', platform.adminRouter);
  });
  if (platform === undefined) throw new Error('platform not created');
  return { h, platform };
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
