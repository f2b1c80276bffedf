// A whole stack in one process for the demo's integration test: the seeded sandbox, the HTTP server as
// `npm run server` runs it and the workers, on a random Redis prefix removed on stop. As under `npm start`, no stack
// is configured by environment: the app is installed on the seeded stack through the platform's real flow (install
// webhook + OAuth callback) with the configuration `npm start` gives it (the demo's auto-link content types), so the
// demo runs on the installation's app tokens. The server polls Personalize every 2 s (unless told otherwise) instead
// of the default 10 s, for speed: the demo measures what it prints, whatever the interval.
import { isDeepStrictEqual } from 'node:util';
import { installApp } from '@pb/sandbox/testing';
import { eventually } from '../support/eventually';
import { startInstalledApp } from '../support/installed-app';
import { sandboxJson } from '../support/sandbox-http';
import { credentialsSchema, type SandboxCredentials } from './contentstack';
import { requestJson } from './http';
import { mirrorKeys } from '@pb/server/mirror/keys';

export const POLL_INTERVAL_S = 2;
/** What `scripts/start.mjs` configures for the demo installation. */
export const DEMO_AUTO_LINK = ['home_hero', 'promo_banner'];

export interface DemoStack {
  serverUrl: string;
  sandboxUrl: string;
  credentials: SandboxCredentials;
  /** Saves the installation's auto-link list in the platform (the `update` webhook) and waits until the app has it. */
  setAutoLink(contentTypes: readonly string[]): Promise<void>;
  /** The app's sync records of the project (mirror/keys.ts), by experience uid. */
  syncRecords(): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

const mirrorConfiguration = (autoLink: readonly string[]) => ({
  mirror: { deleted_experience: 'keep', auto_link_content_types: [...autoLink] },
});

export async function startDemoStack(options: { pollIntervalS?: number } = {}): Promise<DemoStack> {
  const app = await startInstalledApp({
    env: { POLL_INTERVAL_S: String(options.pollIntervalS ?? POLL_INTERVAL_S) },
  });
  const credentials = await requestJson(credentialsSchema, 'GET', `${app.sandbox.url}/_sandbox/credentials`);
  // The install `npm start` makes: with the configuration, then the browser's redirect to our OAuth callback.
  const { installation, callback } = await installApp(app.sandbox.url, credentials.api_key, {
    configuration: mirrorConfiguration(DEMO_AUTO_LINK),
  });
  const installationUid = installation.installationUid;
  if (callback.status !== 200) throw new Error(`install failed: ${JSON.stringify(callback)}`);
  await app.installWebhookApplied(credentials.api_key, installationUid);

  const applied = async (autoLink: readonly string[]) =>
    eventually(
      async () => {
        const view = await app.server.runtime.installations.store.view(credentials.api_key);
        return isDeepStrictEqual(view?.configuration, mirrorConfiguration(autoLink)) ? true : undefined;
      },
      15_000,
      `the installation's auto-link list ${JSON.stringify(autoLink)}`,
    );
  await applied(DEMO_AUTO_LINK);
  return {
    serverUrl: app.server.url,
    sandboxUrl: app.sandbox.url,
    credentials,
    async setAutoLink(contentTypes) {
      const answer = await sandboxJson(`${app.sandbox.url}/_sandbox/installations/${installationUid}`, {
        method: 'PUT',
        body: JSON.stringify({ configuration: mirrorConfiguration(contentTypes) }),
      });
      if (answer.status !== 200) throw new Error(`configuration refused: ${answer.status}`);
      await applied(contentTypes);
    },
    async syncRecords() {
      const key = mirrorKeys(app.prefix).sync(credentials.personalize_project_uid);
      const all = await app.redis.hgetall(key);
      return Object.fromEntries(Object.entries(all).map(([uid, raw]) => [uid, JSON.parse(raw) as unknown]));
    },
    stop: () => app.stop(),
  };
}
