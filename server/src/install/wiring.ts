// Composes the installation side from configuration, once per process: the sealed Redis store (which refreshes app
// tokens and resolves projects), the directory every use case reads (the operator-configured stack first, then the
// installed ones), the ingest's stack gate and the OAuth callback.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Config } from '../config';
import { createRedisBudget, type RequestBudget } from '../budget/request-budget';
import { keys } from '../queue/names';
import { combineDirectories, staticInstallations, type InstallationDirectory } from '../installations';
import type { StackGate } from '../webhooks/ingest';
import { InstallationStore } from './installation-store';
import { applyLifecycle } from './lifecycle';
import { createOAuthClient, type OAuthClient } from './oauth-client';
import { oauthCallbackRouter, type InstallationTargetLookup } from './oauth-callback';
import { personalizeProjectResolver } from './project-resolver';
import type { PurgeJob } from './purge-job';
import { createSecretBox } from './secret-box';

export interface Installations {
  store: InstallationStore;
  directory: InstallationDirectory;
  gate: StackGate;
  oauth: OAuthClient | undefined;
  callbackRouter(): ReturnType<typeof oauthCallbackRouter>;
}

export function budgetFor(config: Config, redis: Redis): RequestBudget {
  const admitted = (limit: number) => Math.max(1, Math.floor((limit * (100 - config.BUDGET_HEADROOM_PERCENT)) / 100));
  return createRedisBudget(redis, {
    limits: {
      read: admitted(config.BUDGET_CMA_READS_PER_SECOND),
      write: admitted(config.BUDGET_CMA_WRITES_PER_SECOND),
      personalize: admitted(config.BUDGET_PERSONALIZE_PER_SECOND),
    },
    windowMs: 1000 + config.BUDGET_WINDOW_MARGIN_MS,
    keyFor: keys(config.QUEUE_PREFIX).budget,
  });
}

const installationAnswer = z.looseObject({
  data: z.looseObject({ target: z.looseObject({ uid: z.string().min(1) }) }),
});

export function createInstallations(
  config: Config,
  redis: Redis,
  options: {
    enqueuePurge?: (job: PurgeJob) => Promise<void>;
    /** The first sync of a newly authorized stack. */
    onAuthorized?: (stackApiKey: string) => Promise<void>;
    budget?: RequestBudget;
    log?: Logger;
    fetch?: typeof fetch;
    now?: () => number;
  } = {},
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
      budget: options.budget ?? budgetFor(config, redis),
      timeoutMs: config.HTTP_TIMEOUT_MS,
      fetch: doFetch,
    }),
    refreshMarginMs: config.APP_TOKEN_REFRESH_MARGIN_SECONDS * 1000,
    lockMs: config.HTTP_TIMEOUT_MS + 15_000,
    ...(options.log === undefined ? {} : { log: options.log }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const configured = staticInstallations(config);
  const lookupTarget: InstallationTargetLookup = async (installationUid, accessToken) => {
    const response = await doFetch(
      `${config.appsApiUrl.replace(/\/+$/, '')}/installations/${encodeURIComponent(installationUid)}`,
      { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } },
    );
    if (!response.ok) return undefined;
    return installationAnswer.safeParse(await response.json().catch(() => null)).data?.data.target.uid;
  };
  const enqueuePurge =
    options.enqueuePurge ??
    (() => Promise.reject(new Error('this process cannot queue purges (no producer was given)')));
  return {
    store,
    directory: combineDirectories(configured, store),
    oauth,
    gate: {
      async admission(stackApiKey) {
        if ((await configured.forStack(stackApiKey)) !== undefined) return { accepted: true };
        const view = await store.view(stackApiKey);
        if (view === undefined) return { accepted: false };
        const secret = view.serverConfiguration['webhook_hmac_secret'];
        return typeof secret === 'string' && secret !== ''
          ? { accepted: true, hmacSecret: secret }
          : { accepted: true };
      },
      applyLifecycle: (envelope) =>
        // With APP_UID set, another app's lifecycle event (a misrouted webhook) cannot create or end an installation.
        config.APP_UID !== undefined && envelope.data.app_installation.app_uid !== config.APP_UID
          ? Promise.resolve({ ok: false as const, reason: 'app-not-ours' })
          : applyLifecycle(envelope, { store, enqueuePurge }),
    },
    callbackRouter: () =>
      oauthCallbackRouter({
        oauth,
        store,
        lookupTarget,
        serverRegion: config.CONTENTSTACK_REGION,
        ...(options.onAuthorized === undefined ? {} : { onAuthorized: options.onAuthorized }),
        ...(options.log === undefined ? {} : { log: options.log }),
      }),
  };
}
