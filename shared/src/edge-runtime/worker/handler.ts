// The official edge SDK's API, answered inside an edge worker (Cloudflare Workers, Vercel / Next.js middleware,
// Contentstack Launch edge functions) with no hop to our server for the decision:
//   GET   <base>/manifest                      → decided here from the cached table (table-source.ts)
//   PATCH <base>/user-attributes               → forwarded to the server (attributes live in its Redis)
//   POST  <base>/user-attributes/actions/merge → forwarded
//   POST  <base>/events                        → forwarded (impressions and conversions are counted there)
// Each answer has the server's shape, status and headers (the X-CS-Personalize-User-Uid header, CORS), so
// `Personalize.setEdgeApiUrl('<worker>/<base>')` works unchanged. Stored custom attributes: when an audience of the
// project reads a custom attribute that the request does not send live (X-Live-Attributes) and the visitor already
// has a uid, the worker reads that visitor's stored attributes from the server (`GET /edge/visitor-attributes`, one
// small read) and decides here; projects whose audiences use only preset attributes, new visitors and requests that
// send every attribute the audiences read live need no hop at all.
import { decide, toManifest } from '../../decision/decide';
import { presetAttributesFromRequest, type RequestHeaders } from '../../audience-eval/preset-attributes';
import type { EvaluationContext } from '../../audience-eval/context';
import { EDGE_CORS_HEADERS, EDGE_PREFLIGHT_HEADERS, USER_UID_HEADER } from '../cors';
import { describeEdgeIssue, liveAttributesSchema, projectUidSchema, userUidSchema } from '../requests';
import { EdgeTableSource, EdgeTableUnavailable, type TableSourceOptions } from './table-source';
import { z } from 'zod';

const PROJECT_NOT_FOUND = 'personalize.MANIFEST.PROJECT_NOT_FOUND';

/** The request headers a forwarded write keeps: what the server's edge routes read, nothing of the visitor's cookies. */
const FORWARDED_HEADERS = ['content-type', 'x-project-uid', 'x-cs-personalize-user-uid', 'x-user-agent'];
const FORWARDED_ROUTES = new Set(['PATCH /user-attributes', 'POST /user-attributes/actions/merge', 'POST /events']);

const visitorAttributesSchema = z.object({ attributes: z.record(z.string(), z.unknown()) });

export interface EdgeHandlerOptions extends TableSourceOptions {
  /** Where the SDK's edge API URL points inside this worker (default `/edge`). */
  basePath?: string;
  newUserUid?: () => string;
}

export interface EdgeContext {
  /** The platform's waitUntil (Cloudflare `ctx.waitUntil`, Next.js `event.waitUntil`): table revalidation runs after the answer. */
  waitUntil?(promise: Promise<unknown>): void;
}

export interface EdgeHandler {
  /** The answer for an edge API request, or null when the request is not under `basePath` (serve the page instead). */
  handle(request: Request, context?: EdgeContext): Promise<Response | null>;
  readonly tables: EdgeTableSource;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      ...EDGE_CORS_HEADERS,
      ...headers,
    },
  });
}

function badRequest(reason: string, field: string): Response {
  return json(400, { error: 'personalize.BAD_REQUEST', reason, field });
}

function lowerCaseHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name.toLowerCase()] = value;
  });
  return out;
}

export function createEdgeHandler(options: EdgeHandlerOptions): EdgeHandler {
  const basePath = (options.basePath ?? '/edge').replace(/\/+$/, '');
  const serverUrl = options.serverUrl.replace(/\/+$/, '');
  const now = options.now ?? Date.now;
  const newUserUid = options.newUserUid ?? (() => crypto.randomUUID());
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const tables = new EdgeTableSource(options);

  async function storedAttributes(userUid: string): Promise<Record<string, unknown>> {
    const ask = () =>
      doFetch(`${serverUrl}/edge/visitor-attributes`, {
        headers: {
          authorization: `Bearer ${options.edgeKey}`,
          'x-project-uid': options.projectUid,
          'x-cs-personalize-user-uid': userUid,
        },
      });
    // An idempotent read: a connection reset (a pooled socket the server just closed) is tried once more, so one
    // dropped socket does not turn into a visitor's 503. An HTTP error answer is not retried.
    const response = await ask().catch(ask);
    if (!response.ok) throw new EdgeTableUnavailable(`GET /edge/visitor-attributes answered ${response.status}`);
    const parsed = visitorAttributesSchema.safeParse(await response.json().catch(() => null));
    if (!parsed.success) throw new EdgeTableUnavailable('GET /edge/visitor-attributes: not {attributes}');
    return parsed.data.attributes;
  }

  async function manifest(request: Request, context: EdgeContext | undefined): Promise<Response> {
    // The same checks, in the same order and words, as the server's GET /edge/manifest (server/src/edge/router.ts).
    const project = projectUidSchema.safeParse(request.headers.get('x-project-uid') ?? undefined);
    if (!project.success) {
      const field = 'headers.x-project-uid';
      return badRequest(describeEdgeIssue(project.error, field).reason, field);
    }
    const rawUser = request.headers.get('x-cs-personalize-user-uid');
    let given: string | undefined;
    // The SDK sends the literal "undefined" when it has no uid yet.
    if (rawUser !== null && rawUser !== '' && rawUser !== 'undefined' && rawUser !== 'null') {
      const user = userUidSchema.safeParse(rawUser);
      if (!user.success) {
        const field = 'headers.x-cs-personalize-user-uid';
        return badRequest(describeEdgeIssue(user.error, field).reason, field);
      }
      given = user.data;
    }
    let live: Record<string, unknown> = {};
    const liveHeader = request.headers.get('x-live-attributes');
    if (liveHeader !== null && liveHeader !== '') {
      const field = 'headers.x-live-attributes';
      let parsedJson: unknown;
      try {
        parsedJson = JSON.parse(liveHeader) as unknown;
      } catch {
        return badRequest(`${field}: not valid JSON`, field);
      }
      const parsed = liveAttributesSchema.safeParse(parsedJson);
      if (!parsed.success) return badRequest(describeEdgeIssue(parsed.error, field).reason, field);
      live = parsed.data;
    }
    // This worker holds one project's table; any other project is not found here.
    if (project.data !== options.projectUid) return json(404, { error: PROJECT_NOT_FOUND });
    const { document, compiled } = await tables.current(context?.waitUntil?.bind(context));
    const userUid = given ?? newUserUid();
    const headers = { [USER_UID_HEADER]: userUid };
    if (document.table.experiences.length === 0) return json(200, { experiences: [] }, headers);
    // Stored attributes matter only for a returning visitor, and only when a key an audience reads is not sent live
    // (live values win over stored ones, so a stored value of a key sent live cannot change the decision).
    const needsStored = document.customAttributeKeys.some((key) => !Object.hasOwn(live, key));
    const stored = given !== undefined && needsStored ? await storedAttributes(given) : {};
    const requestHeaders: RequestHeaders = lowerCaseHeaders(request.headers);
    const decisionContext: EvaluationContext = {
      preset: presetAttributesFromRequest({ headers: requestHeaders, now: now() }),
      custom: { ...stored, ...live },
    };
    return json(200, toManifest(decide(compiled, { context: decisionContext, userUid })), headers);
  }

  async function forward(request: Request, path: string): Promise<Response> {
    const headers: Record<string, string> = {};
    for (const name of FORWARDED_HEADERS) {
      const value = request.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    const answer = await doFetch(`${serverUrl}/edge${path}`, {
      method: request.method,
      headers,
      body: await request.text(),
    });
    const body = answer.status === 204 ? null : await answer.text();
    const contentType = answer.headers.get('content-type');
    return new Response(body, {
      status: answer.status,
      headers: {
        ...(contentType === null ? {} : { 'content-type': contentType }),
        ...EDGE_CORS_HEADERS,
      },
    });
  }

  return {
    tables,
    async handle(request, context) {
      const url = new URL(request.url);
      if (url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`)) return null;
      const path = url.pathname.slice(basePath.length);
      if (request.method === 'OPTIONS') {
        return new Response(null, {
          status: 204,
          headers: { ...EDGE_CORS_HEADERS, ...EDGE_PREFLIGHT_HEADERS },
        });
      }
      try {
        if (request.method === 'GET' && path === '/manifest') return await manifest(request, context);
        if (FORWARDED_ROUTES.has(`${request.method} ${path}`)) return await forward(request, path);
        return json(404, { error: 'personalize.NOT_FOUND', reason: `${request.method} ${basePath}${path}` });
      } catch (error) {
        // Without a table (first request, server unreachable or key refused) there is nothing to decide from.
        const reason = error instanceof Error ? error.message : String(error);
        return json(503, { error: 'personalize.EDGE_UNAVAILABLE', reason });
      }
    },
  };
}
