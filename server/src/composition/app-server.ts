// The HTTP process's composition root as `npm run server` runs it: the runtime's own routes (webhooks with the
// app-lifecycle gate, the OAuth callback, ops) plus the edge decision API, results and the app UI's API, all on the
// runtime's infrastructure. The decision side's connection (auto-pipelined, for the hot path), its table cache and
// event store are built once and shared by the UI API. Tests start it in-process with their configuration.
import type { Logger } from 'pino';
import type { Config } from '../config';
import { connectForHotPath } from '../redis';
import { createDecisionApi, type DecisionApi } from '../edge/decision-api';
import { firstOf, type Authorize } from '../results/authorize';
import { createUiApi, sessionAuthorizer, type UiApi } from '../ui-api/index';
import { createPublicKeySource, type PublicKeySource } from '../webhooks/public-keys';
import { startHttpRuntime, type HttpRuntime } from './http-runtime';
import { decisionApiSettings, operatorAuthorizer, uiApiSettings } from './settings';

export interface AppServer {
  url: string;
  runtime: HttpRuntime;
  close(): Promise<void>;
}

/** One key source per URL: app tokens and webhooks are usually signed with the same published keys. */
function keySources(
  config: Config,
  given: { webhookKeys?: PublicKeySource; appTokenKeys?: PublicKeySource },
): { webhooks: PublicKeySource; appTokens: PublicKeySource } {
  const source = (url: string) =>
    createPublicKeySource({
      url,
      cacheMs: config.PUBLIC_KEYS_CACHE_SECONDS * 1000,
      minRefreshMs: config.PUBLIC_KEYS_MIN_REFRESH_SECONDS * 1000,
    });
  const webhooks = given.webhookKeys ?? source(config.publicKeysUrl);
  const appTokens =
    given.appTokenKeys ??
    (given.webhookKeys === undefined && config.appTokenKeysUrl === config.publicKeysUrl
      ? webhooks
      : source(config.appTokenKeysUrl));
  return { webhooks, appTokens };
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
  const keys = keySources(config, options);
  const decisionRedis = connectForHotPath(config.redis);
  // The UI API and the decision API need the runtime's infrastructure: they are built when the runtime mounts
  // routers. Results accept UI sessions and, always, the operator credential.
  let ui: UiApi | undefined;
  let decisions: DecisionApi | undefined;
  const runtime = await startHttpRuntime(config, log, {
    ...clock,
    keys: keys.webhooks,
    ...(options.host === undefined ? {} : { host: options.host }),
    routers: ({ redis, queues, budget, installations }) => {
      const directory = installations.directory;
      // Results accept UI sessions, which exist once the UI API is built just below.
      let authorize: Authorize = () => null;
      const built = createDecisionApi(decisionApiSettings(config), {
        installations: directory,
        redis: decisionRedis,
        authorize: (req) => authorize(req),
      });
      const api = createUiApi(uiApiSettings(config), {
        redis,
        queues,
        budget,
        installations: directory,
        tables: built.services.tables,
        events: built.services.events,
        edgeKeys: built.edgeKeys,
        appTokenKeys: keys.appTokens,
        log,
        ...clock,
      });
      authorize = firstOf(sessionAuthorizer(api.sessions, directory), operatorAuthorizer(config));
      ui = api;
      decisions = built;
      return [...built.routers, api.router];
    },
  });
  await decisions?.ready();
  return {
    url: runtime.url,
    runtime,
    async close() {
      await runtime.close();
      await Promise.allSettled([decisions?.close(), ui?.close()]);
      decisionRedis.disconnect();
    },
  };
}
