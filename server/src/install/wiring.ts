// Composes the installation side, once per process (the composition root calls it): the sealed Redis store (which
// refreshes app tokens and resolves projects), the directory every use case reads (the operator-configured stack
// first, then the installed ones), the ingest's stack gate (stack-gate.ts) and the OAuth callback.
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { RequestBudget } from '../budget/request-budget';
import { combineDirectories, staticInstallations, type InstallationDirectory } from '../installations';
import type { StackGate } from '../webhooks/ingest';
import { installationTargetLookup } from './apps-api';
import { InstallationStore } from './installation-store';
import { createOAuthClient, type OAuthClient } from './oauth-client';
import { oauthCallbackRouter } from './oauth-callback';
import { stackGate } from './stack-gate';
import { personalizeProjectResolver } from './project-resolver';
import type { PurgeJob } from './purge-job';
import { createSecretBox } from './secret-box';
import type { RedisClient } from '../redis';

export interface Installations {
  store: InstallationStore;
  directory: InstallationDirectory;
  gate: StackGate;
  oauth: OAuthClient | undefined;
  callbackRouter(): ReturnType<typeof oauthCallbackRouter>;
}

export function createInstallations(
  config: Config,
  redis: RedisClient,
  options: {
    enqueuePurge?: (job: PurgeJob) => Promise<void>;
    /** The first sync of a newly authorized stack. */
    onAuthorized?: (stackApiKey: string) => Promise<void>;
    budget: RequestBudget;
    log?: Logger;
    fetch?: typeof fetch;
    now?: () => number;
  },
): Installations {
  const doFetch = options.fetch ?? fetch;
  const { APP_CLIENT_ID, APP_CLIENT_SECRET, APP_REDIRECT_URI } = config;
  const oauth =
    APP_CLIENT_ID === undefined || APP_CLIENT_SECRET === undefined || APP_REDIRECT_URI === undefined
      ? undefined
      : createOAuthClient({
          appsApiUrl: config.appsApiUrl,
          clientId: APP_CLIENT_ID,
          clientSecret: APP_CLIENT_SECRET,
          redirectUri: APP_REDIRECT_URI,
          timeoutMs: config.HTTP_TIMEOUT_MS,
          fetch: doFetch,
          ...(options.now === undefined ? {} : { now: options.now }),
        });
  const store = new InstallationStore(redis, {
    prefix: config.QUEUE_PREFIX,
    box: createSecretBox(config.installationSecretKeys),
    ...(oauth === undefined ? {} : { oauth }),
    resolveProject: personalizeProjectResolver({
      baseUrl: config.personalizeUrl,
      budget: options.budget,
      timeoutMs: config.HTTP_TIMEOUT_MS,
      fetch: doFetch,
    }),
    refreshMarginMs: config.APP_TOKEN_REFRESH_MARGIN_SECONDS * 1000,
    lockMs: config.HTTP_TIMEOUT_MS + 15_000,
    ...(options.log === undefined ? {} : { log: options.log }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const configured = staticInstallations(config);
  const enqueuePurge =
    options.enqueuePurge ??
    (() => Promise.reject(new Error('this process cannot queue purges (no producer was given)')));
  return {
    store,
    directory: combineDirectories(configured, store),
    oauth,
    gate: stackGate({
      configured,
      store,
      enqueuePurge,
      ...(config.APP_UID === undefined ? {} : { appUid: config.APP_UID }),
    }),
    callbackRouter: () =>
      oauthCallbackRouter({
        oauth,
        store,
        lookupTarget: installationTargetLookup({
          appsApiUrl: config.appsApiUrl,
          timeoutMs: config.HTTP_TIMEOUT_MS,
          fetch: doFetch,
        }),
        serverRegion: config.CONTENTSTACK_REGION,
        ...(options.onAuthorized === undefined ? {} : { onAuthorized: options.onAuthorized }),
        ...(options.log === undefined ? {} : { log: options.log }),
      }),
  };
}
