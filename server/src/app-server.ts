// The whole HTTP side as `npm run server` runs it: webhooks (with the app-lifecycle gate), the OAuth callback, ops
// routes, the edge decision API, results and the app UI's API. Tests start it in-process with their configuration.
import type { Logger } from 'pino';
import type { Config } from './config';
import { startHttpRuntime, type HttpRuntime } from './http-runtime';
import { createDecisionApi, operatorAuthorizer, type DecisionApi } from './edge/decision-api';
import { firstOf } from './results/authorize';
import { createUiApi, sessionAuthorizer, type UiApi } from './ui-api/index';
import type { PublicKeySource } from './webhooks/public-keys';

export interface AppServer {
  url: string;
  runtime: HttpRuntime;
  close(): Promise<void>;
}

export async function startAppServer(
  config: Config,
  log: Logger,
  options: {
    host?: string;
    /** Clock of app tokens, sessions and the installation store (tests move it to expire them). */
    now?: () => number;
    /** Key sources, when a test brings its own. */
    webhookKeys?: PublicKeySource;
    appTokenKeys?: PublicKeySource;
  } = {},
): Promise<AppServer> {
  const clock = options.now === undefined ? {} : { now: options.now };
  // The UI API and the decision API need the runtime's Redis, producer and installations: they are built when the
  // runtime mounts routers. Results accept UI sessions and, always, the operator credential.
  let ui: UiApi | undefined;
  let decisions: DecisionApi | undefined;
  const runtime = await startHttpRuntime(config, log, {
    ...clock,
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.webhookKeys === undefined ? {} : { keys: options.webhookKeys }),
    routers: ({ redis, producer, installations }) => {
      const directory = installations.directory;
      const api = createUiApi(config, {
        redis,
        producer,
        installations: directory,
        log,
        ...clock,
        ...(options.appTokenKeys === undefined ? {} : { appTokenKeys: options.appTokenKeys }),
      });
      ui = api;
      decisions = createDecisionApi(config, {
        installations: directory,
        authorize: firstOf(sessionAuthorizer(api.sessions, directory), operatorAuthorizer(config)),
      });
      return [...decisions.routers, api.router];
    },
  });
  await decisions?.ready();
  return {
    url: runtime.url,
    runtime,
    async close() {
      await runtime.close();
      await Promise.allSettled([decisions?.close(), ui?.close()]);
    },
  };
}
