/**
 * startSandbox: one HTTP server holding every part of the fake Contentstack. The CMA/delivery half
 * (this package's core, cma, delivery, admin) and the Personalize/app-platform/webhook half meet only
 * through the SandboxContext built here.
 */
import express from 'express';
import type { Request, Response } from 'express';
import { mkdtempSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createHttpServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createAdminRouter, loopbackOnly } from './admin/index';
import { createAppPlatform, createSigningKeys } from './apps/index';
import { CmsStore, createCmaModule } from './cma/index';
import { createPersonalizeCmsPort } from './cma/personalize-port';
import type { CmsDeps } from './cma/index';
import { SystemClock } from './core/clock';
import type { SandboxContext, SandboxModule, StackRecord, StatePart } from './core/contracts';
import { cors } from './core/cors';
import { Credentials } from './core/credentials';
import { FaultPlan } from './core/faults';
import { errorHandler, header, jsonBody, notFound } from './core/http';
import { moduleFront } from './core/pipeline';
import { RateLimiter } from './core/rate-limiter';
import type { RateLimits } from './core/rate-limiter';
import { RequestLog } from './core/request-log';
import { StateStore } from './core/state-store';
import { createDeliveryModule } from './delivery/index';
import { createStackImports } from './import/index';
import { createPersonalizeModule } from './personalize/index';
import { SEED } from './seed/cms-ids';
import { seedCms, seedStacks } from './seed/cms-seed';
import { ensureCertificate, SANDBOX_TLS_HOST } from './tls/certificate';
import { createWebhookDispatcher } from './webhooks/index';

export interface SandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Load state from this JSON file at start (when it exists) and save to it after every write. */
  stateFile?: string;
  /** Multiplies webhook retry delays: 0.001 makes a 625 s retry take 0.6 s. */
  timeScale?: number;
  /** false: stacks and credentials only, no content. */
  seed?: boolean;
  rateLimits?: Partial<RateLimits>;
  /**
   * How long a "hang" fault holds the socket before dropping it; default 60 s. Not scaled by timeScale:
   * a hang must outlast the client's own timeout, whatever the speed of sandbox time.
   */
  hangMs?: number;
  /**
   * How long Personalize's CMS sync waits after an experience's last change before making or updating its
   * variant group; default 3000 ms (tests shorten it). `PUT /_sandbox/personalize-sync` changes it at run time.
   */
  personalizeSyncDelayMs?: number;
  /**
   * Also serve everything over HTTPS on this port (0 picks one), for clients that speak only https to a
   * host name (`csdx`). Absent: no HTTPS listener.
   */
  httpsPort?: number;
  /**
   * Where the self-signed certificate is made once and kept. Default: the state file's directory, or a
   * fresh temp directory when there is no state file.
   */
  tlsDir?: string;
}

export interface SandboxHttps {
  /** `https://sandbox.localhost:<port>`: the host name the Contentstack SDKs accept (see tls/certificate.ts). */
  url: string;
  port: number;
  /** The certificate to trust, e.g. `NODE_EXTRA_CA_CERTS=<certPath>`; also served at `GET /_sandbox/ca.pem`. */
  certPath: string;
}

export interface RunningSandbox {
  url: string;
  port: number;
  /** Present when `httpsPort` was given. */
  https?: SandboxHttps;
  close(): Promise<void>;
}

const seedCredentials = (credentials: Credentials): void => {
  credentials.addUser({ authtoken: SEED.authtoken, userUid: SEED.userUid, orgUid: SEED.orgUid });
  credentials.addAccount({
    userUid: SEED.userUid,
    orgUid: SEED.orgUid,
    email: SEED.userEmail,
    password: SEED.userPassword,
    firstName: SEED.userName.first,
    lastName: SEED.userName.last,
  });
  credentials.addUser({ authtoken: SEED.other.authtoken, userUid: SEED.other.userUid, orgUid: SEED.other.orgUid });
  credentials.addManagementToken({
    token: SEED.demo.managementToken,
    stackApiKey: SEED.demo.apiKey,
    orgUid: SEED.orgUid,
  });
  credentials.addManagementToken({
    token: SEED.other.managementToken,
    stackApiKey: SEED.other.apiKey,
    orgUid: SEED.other.orgUid,
  });
  credentials.addDeliveryToken({
    token: SEED.demo.deliveryToken,
    stackApiKey: SEED.demo.apiKey,
    environments: [...SEED.demo.environments],
  });
};

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const timeScale = options.timeScale ?? 1;
  const clock = new SystemClock();
  const state = new StateStore(options.stateFile);
  const stackList: StackRecord[] = seedStacks();
  const stacks = {
    get: (apiKey: string) => stackList.find((s) => s.apiKey === apiKey),
    all: () => [...stackList],
  };
  const credentials = new Credentials(clock);
  seedCredentials(credentials);
  // Parts by name, so the stack import (import/) can append to the Personalize state through its own restore.
  const partsByName = new Map<string, StatePart>();
  const registerState = (part: StatePart): void => {
    partsByName.set(part.name, part);
    state.register(part);
  };

  let baseUrl = '';
  const keys = createSigningKeys({ registerState });
  const webhooks = createWebhookDispatcher({ clock, timeScale, keys, registerState });
  const withContent = options.seed !== false;
  const cms = new CmsStore(() => seedCms(withContent), stacks);
  registerState(cms);
  const changed = (): void => state.markDirty();
  // Personalize's sync reaches the CMS only through this port, over the same store the CMA routes use.
  const personalizeCms = createPersonalizeCmsPort(cms, clock, changed);
  const ctx: SandboxContext = {
    baseUrl: () => baseUrl,
    clock,
    stacks,
    credentials,
    webhooks,
    personalizeCms,
    registerState,
  };

  const apps = createAppPlatform(ctx, { keys, webhookTargets: webhooks.targets });
  const personalize = createPersonalizeModule(ctx, {
    seed: withContent,
    changed,
    ...(options.personalizeSyncDelayMs !== undefined ? { syncDelayMs: options.personalizeSyncDelayMs } : {}),
  });
  const cmsDeps: CmsDeps = {
    ctx,
    cms,
    credentials,
    changed,
    connectedProject: (apiKey) => personalize.projectUidForStack(apiKey),
  };

  const imports = createStackImports({
    stackList,
    credentials,
    cms,
    personalizePart: () => partsByName.get('personalize'),
    orgUid: SEED.orgUid,
    actorUid: SEED.userUid,
    clock,
    changed,
  });
  registerState(imports.part);

  const faults = new FaultPlan();
  const limiter = new RateLimiter(options.rateLimits);
  const log = new RequestLog();
  const hung = new Set<Response>();
  state.load();
  // Pending sync runs do not survive a restart: whatever a restored state left behind is scheduled again.
  personalize.sync.scanAll();

  const orgOf = (req: Request): string | undefined => {
    const apiKey = header(req, 'api_key');
    const stack = apiKey === undefined ? undefined : stacks.get(apiKey);
    if (stack !== undefined) return stack.orgUid;
    return credentials.resolve({ authtoken: header(req, 'authtoken'), authorization: header(req, 'authorization') })
      ?.orgUid;
  };
  const pipeline = {
    log,
    limiter,
    faults,
    orgOf,
    hangMs: options.hangMs ?? 60_000,
    hung,
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'extended');
  app.use(cors());
  app.use((req, res, next) => {
    // Anything that may have changed state is saved (coalesced) once answered.
    if (req.method !== 'GET' && req.method !== 'HEAD') res.on('finish', () => state.markDirty());
    next();
  });

  const admin = createAdminRouter({
    faults,
    limiter,
    log,
    stateDigest: () => state.digest(),
    credentials: () => ({
      api_key: SEED.demo.apiKey,
      management_token: SEED.demo.managementToken,
      authtoken: SEED.authtoken,
      user_uid: SEED.userUid,
      user_email: SEED.userEmail,
      user_password: SEED.userPassword,
      delivery_token: SEED.demo.deliveryToken,
      environments: [...SEED.demo.environments],
      locales: [...SEED.demo.locales],
      personalize_project_uid: personalize.projectUidForStack(SEED.demo.apiKey) ?? null,
      organization_uid: SEED.orgUid,
      app: apps.app(),
      stacks: [
        { api_key: SEED.demo.apiKey, organization_uid: SEED.orgUid, management_token: SEED.demo.managementToken },
        {
          api_key: SEED.other.apiKey,
          organization_uid: SEED.other.orgUid,
          management_token: SEED.other.managementToken,
          authtoken: SEED.other.authtoken,
        },
      ],
    }),
    reset: async () => {
      state.resetAll();
      limiter.reset();
      faults.clear();
      log.clear();
      await state.flush();
    },
  });
  const certificate =
    options.httpsPort === undefined
      ? undefined
      : ensureCertificate(
          options.tlsDir ??
            (options.stateFile !== undefined
              ? dirname(options.stateFile)
              : mkdtempSync(join(tmpdir(), 'pb-sandbox-tls-'))),
        );
  app.get('/_sandbox/ca.pem', loopbackOnly(), (_req, res) => {
    if (certificate === undefined) {
      res.status(404).json({ error_message: 'The sandbox runs without HTTPS.', error_code: 404, errors: {} });
      return;
    }
    res.type('application/x-pem-file').send(certificate.cert);
  });
  app.use(
    '/_sandbox',
    loopbackOnly(),
    admin,
    webhooks.adminRouter,
    apps.adminRouter,
    personalize.adminRouter,
    imports.adminRouter,
    errorHandler(),
  );
  app.use(apps.wellKnown);

  const own: SandboxModule[] = [createCmaModule(cmsDeps), createDeliveryModule(cmsDeps)];
  for (const module of own) {
    app.use(module.mount, moduleFront(module, pipeline), jsonBody(), module.router, notFound(), errorHandler());
  }
  const theirs: SandboxModule[] = [personalize, apps.module];
  for (const module of theirs) app.use(module.mount, moduleFront(module, pipeline), module.router);
  app.use(notFound(), errorHandler());

  const listen = async (server: Server, port: number): Promise<number> => {
    server.listen(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    return (server.address() as AddressInfo).port;
  };
  const server = createHttpServer(app);
  const port = await listen(server, options.port ?? 0);
  baseUrl = `http://127.0.0.1:${port}`;
  // The same app behind TLS: one state, two doors. baseUrl (webhook targets, app redirects) stays http.
  const httpsServer =
    certificate === undefined ? undefined : createHttpsServer({ cert: certificate.cert, key: certificate.key }, app);
  const https: SandboxHttps | undefined =
    httpsServer === undefined || certificate === undefined
      ? undefined
      : await listen(httpsServer, options.httpsPort ?? 0).then((p) => ({
          url: `https://${SANDBOX_TLS_HOST}:${p}`,
          port: p,
          certPath: certificate.certPath,
        }));
  const servers: Server[] = httpsServer === undefined ? [server] : [server, httpsServer];

  let closing: Promise<void> | undefined;
  return {
    url: baseUrl,
    port,
    ...(https === undefined ? {} : { https }),
    close: () =>
      (closing ??= (async () => {
        webhooks.close();
        personalize.close();
        for (const res of hung) res.destroy();
        const closed = servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
        for (const s of servers) s.closeAllConnections();
        await Promise.all(closed);
        await state.flush();
      })()),
  };
}
