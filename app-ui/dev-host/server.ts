/**
 * The dev host: a small server that plays the CMS for local use and browser tests. It serves the host page
 * (which embeds the app cross-origin and answers the SDK's messages) and proxies the app's CMA calls to the
 * sandbox with credentials it fetched from the sandbox's admin API, so no credential ever reaches a browser.
 */
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { Request, Response } from 'express';
import ts from 'typescript';
import { z } from 'zod';
import { initPayload, isLocationKey, LOCATIONS } from './init-payload';
import { hostPageHtml } from './host-page-html';

export interface DevHostOptions {
  port?: number;
  /** Where the app is served (a different origin from the host). */
  appUrl: string;
  sandboxUrl: string;
  serverUrl: string;
}

export interface Running {
  url: string;
  close(): Promise<void>;
}

const credentialsSchema = z.looseObject({
  api_key: z.string(),
  management_token: z.string(),
  authtoken: z.string(),
  organization_uid: z.string().optional(),
  personalize_project_uid: z.string().optional(),
  app: z.looseObject({ app_uid: z.string().optional() }).optional(),
});
type Credentials = z.infer<typeof credentialsSchema>;

const cmaRequestSchema = z.object({
  url: z.string(),
  method: z.string().default('GET'),
  headers: z.record(z.string(), z.unknown()).optional(),
  data: z.unknown().optional(),
});

const USERS = [
  { uid: 'dev_author', email: 'author@example.com' },
  { uid: 'dev_editor', email: 'editor@example.com' },
];

/** Headers the app may set on a CMA call; everything else (auth, api_key) is the host's to decide. */
const FORWARDED_HEADERS = ['api_version', 'x-cs-variant-uid', 'branch'];

const STACK_QUERIES: Record<string, (q: Record<string, unknown>) => string> = {
  getContentTypes: () => '/v3/content_types',
  getContentType: (q) => `/v3/content_types/${encodeURIComponent(String(q.uid))}`,
  getEnvironments: () => '/v3/environments',
  getEnvironment: (q) => `/v3/environments/${encodeURIComponent(String(q.name))}`,
  getLocales: () => '/v3/locales',
  getLocale: (q) => `/v3/locales/${encodeURIComponent(String(q.code))}`,
  getGlobalFields: () => '/v3/global_fields',
  getVariantById: (q) => {
    const params = q.params as Record<string, unknown> | undefined;
    return `/v3/variants/${encodeURIComponent(String(params?.uid))}`;
  },
};

const browserDir = fileURLToPath(new URL('./browser/', import.meta.url));

/** The host page's scripts, transpiled from TypeScript on first request (no bundler: three small modules). */
async function browserModule(name: string): Promise<string | null> {
  if (!/^[a-z-]+$/.test(name)) return null;
  let source: string;
  try {
    source = await readFile(`${browserDir}${name}.ts`, 'utf8');
  } catch {
    return null;
  }
  const output = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
  }).outputText;
  // Browsers need file extensions on relative imports.
  return output.replace(/from '(\.\/[a-z-]+)'/g, "from '$1.js'");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The CMA allows 10 reads and 10 writes per second per organization; the host page's own listings share that
 * budget with the app. Like the CMS, the host waits out a 429 (Retry-After, at most 3 tries) instead of failing
 * the app's call for traffic the app did not cause.
 */
async function fetchWithRateLimit(url: string, init: RequestInit): Promise<globalThis.Response> {
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(url, init);
    if (response.status !== 429 || attempt >= 3) return response;
    const retryAfter = Number(response.headers.get('retry-after') ?? '1');
    await response.arrayBuffer();
    await sleep(Math.min(Number.isFinite(retryAfter) ? retryAfter : 1, 2) * 1000);
  }
}

function listen(app: express.Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, '127.0.0.1', () => resolve(server));
    server.once('error', reject);
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.closeAllConnections();
    server.close((error) => (error ? reject(error) : resolve()));
  });
}

export async function startDevHost(options: DevHostOptions): Promise<Running> {
  const sandbox = options.sandboxUrl.replace(/\/+$/, '');
  const appUrl = options.appUrl.replace(/\/+$/, '');
  let credentials: Credentials | null = null;
  let installationUidCache: string | null = null;

  async function creds(): Promise<Credentials> {
    if (!credentials) {
      const response = await fetch(`${sandbox}/_sandbox/credentials`);
      if (!response.ok) throw new Error(`The sandbox refused its credentials (${response.status}).`);
      credentials = credentialsSchema.parse(await response.json());
    }
    return credentials;
  }

  const defaultConfiguration = (c: Credentials) => ({
    server_url: options.serverUrl,
    region: 'NA',
    personalize_project_uid: c.personalize_project_uid ?? '',
    mirror: { deleted_experience: 'keep', auto_link_content_types: [] },
  });

  async function admin(method: string, path: string, body?: unknown): Promise<unknown> {
    const init: RequestInit = { method, headers: { 'content-type': 'application/json' } };
    if (body !== undefined) init.body = JSON.stringify(body);
    const response = await fetch(`${sandbox}${path}`, init);
    const data: unknown = await response.json();
    if (!response.ok) throw new Error(`The sandbox answered ${response.status} to ${method} ${path}.`);
    return data;
  }

  /** The app's installation on the sandbox stack, made on first use (as installing from the marketplace does). */
  async function installationUid(): Promise<string> {
    if (installationUidCache) return installationUidCache;
    const c = await creds();
    const list = z
      .object({
        installations: z.array(z.looseObject({ uid: z.string(), target: z.looseObject({ uid: z.string() }) })),
      })
      .parse(await admin('GET', '/_sandbox/installations'));
    const found = list.installations.find((i) => i.target.uid === c.api_key);
    installationUidCache =
      found?.uid ??
      z.object({ installation_uid: z.string() }).parse(
        await admin('POST', '/_sandbox/installations', {
          api_key: c.api_key,
          configuration: defaultConfiguration(c),
        }),
      ).installation_uid;
    return installationUidCache;
  }

  async function currentInstallation() {
    const c = await creds();
    const uid = await installationUid();
    const response = await fetch(`${sandbox}/apps-api/installations/${encodeURIComponent(uid)}/installationData`, {
      headers: { authtoken: c.authtoken },
    });
    if (!response.ok) throw new Error(`The sandbox refused the installation data (${response.status}).`);
    const body = z
      .object({
        data: z.object({
          configuration: z.record(z.string(), z.unknown()).default({}),
          server_configuration: z.record(z.string(), z.unknown()).default({}),
        }),
      })
      .parse(await response.json());
    return { configuration: body.data.configuration, serverConfiguration: body.data.server_configuration };
  }

  async function saveInstallation(data: {
    configuration: Record<string, unknown>;
    serverConfiguration: Record<string, unknown>;
  }) {
    const uid = await installationUid();
    await admin('PUT', `/_sandbox/installations/${encodeURIComponent(uid)}`, {
      configuration: data.configuration,
      server_configuration: data.serverConfiguration,
    });
  }

  async function appToken(locationType: string, userUid: string): Promise<string | null> {
    const c = await creds();
    await installationUid();
    const body = z
      .object({ app_token: z.string() })
      .safeParse(
        await admin('POST', '/_sandbox/app-token', { location: locationType, api_key: c.api_key, user_uid: userUid }),
      );
    return body.success ? body.data.app_token : null;
  }

  async function cma(method: string, path: string, headers: Record<string, string> = {}, data?: unknown) {
    const c = await creds();
    const init: RequestInit = {
      method,
      headers: {
        ...headers,
        api_key: c.api_key,
        authorization: c.management_token,
        'content-type': 'application/json',
      },
    };
    if (data !== undefined && method !== 'GET') init.body = typeof data === 'string' ? data : JSON.stringify(data);
    const response = await fetchWithRateLimit(`${sandbox}${path}`, init);
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? (JSON.parse(text) as unknown) : null;
    } catch {
      // Not JSON: hand the text over as is.
    }
    return {
      status: response.status,
      statusText: response.statusText,
      headers: { 'content-type': response.headers.get('content-type') ?? '' },
      data: body,
    };
  }

  const app = express();
  app.use(express.json({ limit: '2mb' }));

  const fail = (res: Response, status: number, error: unknown) =>
    res.status(status).json({ error: error instanceof Error ? error.message : String(error) });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/', (_req, res) => {
    res.type('html').send(hostPageHtml({ appUrl }));
  });

  app.get('/host/:name.js', async (req: Request<{ name: string }>, res) => {
    const code = await browserModule(req.params.name);
    if (code === null) return void res.status(404).end();
    res.type('application/javascript').send(code);
  });

  app.get('/host-api/options', async (_req, res) => {
    try {
      const types = await cma('GET', '/v3/content_types?limit=100');
      const list = z
        .object({ content_types: z.array(z.looseObject({ uid: z.string(), title: z.string() })) })
        .parse(types.data);
      const entries = [];
      for (const ct of list.content_types) {
        const answer = await cma('GET', `/v3/content_types/${encodeURIComponent(ct.uid)}/entries?limit=100`);
        const parsed = z
          .object({
            entries: z.array(
              z.looseObject({ uid: z.string(), title: z.string().optional(), locale: z.string().optional() }),
            ),
          })
          .safeParse(answer.data);
        for (const e of parsed.success ? parsed.data.entries : []) {
          entries.push({ uid: e.uid, title: e.title ?? e.uid, content_type_uid: ct.uid, locale: e.locale ?? 'en-us' });
        }
      }
      const locations = Object.entries(LOCATIONS).map(([key, l]) => ({ key, label: l.label, route: l.route }));
      res.json({ locations, entries, users: USERS });
    } catch (error) {
      fail(res, 502, error);
    }
  });

  app.get('/host-api/init', async (req, res) => {
    try {
      const q = z
        .object({
          location: z.string(),
          content_type: z.string().default(''),
          entry: z.string().default(''),
          locale: z.string().default('en-us'),
          user: z.string().default(USERS[0]?.uid ?? ''),
        })
        .parse(req.query);
      if (!isLocationKey(q.location)) return void fail(res, 400, `Unknown location "${q.location}".`);
      const c = await creds();
      let contentType: Record<string, unknown> | undefined;
      let entry: Record<string, unknown> | undefined;
      if (q.location === 'sidebar') {
        const ct = await cma('GET', `/v3/content_types/${encodeURIComponent(q.content_type)}`);
        const en = await cma(
          'GET',
          `/v3/content_types/${encodeURIComponent(q.content_type)}/entries/${encodeURIComponent(q.entry)}?locale=${encodeURIComponent(q.locale)}`,
        );
        if (ct.status >= 400 || en.status >= 400)
          return void fail(res, 404, 'No such content type or entry in the sandbox.');
        contentType = z.object({ content_type: z.record(z.string(), z.unknown()) }).parse(ct.data).content_type;
        entry = z.object({ entry: z.record(z.string(), z.unknown()) }).parse(en.data).entry;
      }
      const user = USERS.find((u) => u.uid === q.user) ?? USERS[0] ?? { uid: 'dev', email: 'dev@example.com' };
      const payload = initPayload({
        location: q.location,
        appUid: c.app?.app_uid ?? 'dev_app',
        installationUid: await installationUid(),
        stack: {
          api_key: c.api_key,
          org_uid: c.organization_uid ?? 'dev_org',
          name: 'Sandbox stack',
          master_locale: 'en-us',
        },
        user,
        cmaOrigin: sandbox,
        hostOrigin: `${req.protocol}://${req.get('host') ?? ''}`,
        config: (await currentInstallation()).configuration,
        ...(contentType ? { contentType } : {}),
        ...(entry ? { entry } : {}),
        locale: q.locale,
      });
      const token = await appToken(LOCATIONS[q.location].type, user.uid);
      res.json({ payload, route: LOCATIONS[q.location].route, appToken: token });
    } catch (error) {
      fail(res, 502, error);
    }
  });

  app.get('/host-api/installation', async (_req, res) => {
    try {
      res.json(await currentInstallation());
    } catch (error) {
      fail(res, 502, error);
    }
  });

  app.post('/host-api/installation', async (req, res) => {
    const parsed = z
      .object({
        configuration: z.record(z.string(), z.unknown()),
        serverConfiguration: z.record(z.string(), z.unknown()).default({}),
      })
      .safeParse(req.body);
    if (!parsed.success) return void fail(res, 400, parsed.error.issues[0]?.message ?? 'bad installation data');
    try {
      await saveInstallation(parsed.data);
      res.json({ ok: true });
    } catch (error) {
      fail(res, 502, error);
    }
  });

  app.post('/host-api/cma', async (req, res) => {
    const parsed = cmaRequestSchema.safeParse(req.body);
    if (!parsed.success) return void fail(res, 400, 'Expected {url, method, headers?, data?}.');
    let url: URL;
    try {
      url = new URL(parsed.data.url, sandbox);
    } catch {
      return void fail(res, 400, 'Not a URL.');
    }
    if (!url.pathname.startsWith('/v3/')) return void fail(res, 400, 'Only CMA paths (/v3/...) are proxied.');
    const method = parsed.data.method.toUpperCase();
    if (!['GET', 'POST', 'PUT', 'DELETE'].includes(method))
      return void fail(res, 400, `Method ${method} is not proxied.`);
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(parsed.data.headers ?? {})) {
      if (FORWARDED_HEADERS.includes(key.toLowerCase()) && typeof value === 'string')
        headers[key.toLowerCase()] = value;
    }
    try {
      res.json(await cma(method, `${url.pathname}${url.search}`, headers, parsed.data.data));
    } catch (error) {
      fail(res, 502, error);
    }
  });

  app.post('/host-api/stack-query', async (req, res) => {
    const query = z.looseObject({ action: z.string() }).safeParse(req.body);
    if (!query.success) return void fail(res, 400, 'Expected {action}.');
    const route = STACK_QUERIES[query.data.action];
    if (!route) return void fail(res, 400, `The dev host does not answer stackQuery "${query.data.action}".`);
    try {
      const answer = await cma('GET', route(query.data));
      if (answer.status >= 400) return void res.status(answer.status).json({ error: JSON.stringify(answer.data) });
      res.json(answer.data);
    } catch (error) {
      fail(res, 502, error);
    }
  });

  const server = await listen(app, options.port ?? 0);
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => closeServer(server) };
}
