// What every response of the HTTP app carries before any route runs: security headers (helmet) chosen by what the
// path serves, and the cross-origin policy — the app UI's own origins for /api/ui, every site for /edge (the edge SDK
// runs on the customer's pages), nobody for the rest (webhooks, OAuth callback, results, ops: no CORS headers, so a
// browser on another origin cannot read them).
import { sendError } from './errors';
import type { Request, RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import type { Config } from '../config';
import { edgeCors } from '../edge/cors';
import { frozenHeaders } from './frozen-headers';
import { inSequence } from './in-sequence';
import { rateLimits, redisRateLimitStore, type RedisCommands } from './rate-limit';

export type AllowedOrigins = '*' | readonly string[];

/** The response headers a cross-origin caller may read besides the safelisted ones (rate-limit answers). */
const RATE_LIMIT_HEADERS = 'Retry-After, RateLimit, RateLimit-Policy';

/**
 * The app UI's origins from `UI_ALLOWED_ORIGINS`. Unset means `*` outside production (the bearer session is the
 * credential; no cookies) and no cross-origin caller in production, where the UI's origin must be named.
 */
export function uiOriginsFrom(config: { UI_ALLOWED_ORIGINS?: string | undefined; NODE_ENV: string }): AllowedOrigins {
  if (config.UI_ALLOWED_ORIGINS === undefined) return config.NODE_ENV === 'production' ? [] : '*';
  const listed = config.UI_ALLOWED_ORIGINS.split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter((o) => o !== '');
  return listed.includes('*') ? '*' : listed;
}

/**
 * CORS of the app UI's API. Bearer tokens, no cookies: no credentials mode. A request that names an origin not on
 * the list is refused outright (403), preflight or not: browsers always send `Origin` cross-origin, so nothing
 * legitimate is lost, and a simple request from a foreign page does not even run.
 */
export function uiCors(allowed: AllowedOrigins): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (allowed === '*') res.setHeader('Access-Control-Allow-Origin', '*');
    else {
      res.setHeader('Vary', 'Origin');
      if (origin !== undefined) {
        if (!allowed.includes(origin)) {
          sendError(res, 403, 'forbidden', { reason: 'origin-not-allowed' });
          return;
        }
        res.setHeader('Access-Control-Allow-Origin', origin);
      }
    }
    res.setHeader('Access-Control-Expose-Headers', RATE_LIMIT_HEADERS);
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'authorization, content-type');
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}

/** Helmet's options per kind of resource, as data: frozen below, and compared with live helmet in the tests. */
export const HEADER_PROFILES = {
  /** Pure JSON API: nothing may load, frame or be framed; no referrer leaks a URL with a token in it. */
  api: {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
      },
    },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  },
  /**
   * The edge API is read by pages of every site (the SDK): its responses may be embedded cross-origin. It answers
   * JSON to `fetch` and is never rendered, so it carries the headers OWASP's REST Security Cheat Sheet lists for API
   * responses (CSP `frame-ancestors 'none'`, HSTS, `nosniff`, `X-Frame-Options: DENY`) plus its resource and
   * referrer policies, and not helmet's headers for HTML documents (opener policy, origin-agent clustering, DNS
   * prefetch, IE's download and XSS filters, Flash's cross-domain policy), which protect nothing here and cost bytes
   * on every decision. `security.test.ts` pins the exact set.
   */
  edge: {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  },
  /** The queue dashboard is a single-page app of its own scripts and styles (plus its web font). */
  dashboard: {
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'", 'https://fonts.googleapis.com'],
        fontSrc: ["'self'", 'https://fonts.gstatic.com', 'data:'],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  },
} as const satisfies Record<string, HelmetOptions>;

const apiHeaders = frozenHeaders(helmet(HEADER_PROFILES.api));
const edgeHeaders = frozenHeaders(helmet(HEADER_PROFILES.edge));
const dashboardHeaders = frozenHeaders(helmet(HEADER_PROFILES.dashboard));

const under = (req: Request, prefix: string) => req.path === prefix || req.path.startsWith(`${prefix}/`);

/** Helmet's headers for the kind of resource the path serves; authenticated answers are never cached. */
export const securityHeaders: RequestHandler = (req, res, next) => {
  if (under(req, '/edge')) edgeHeaders(req, res, next);
  else if (under(req, '/admin')) dashboardHeaders(req, res, next);
  else {
    if (under(req, '/api') || under(req, '/oauth')) res.setHeader('Cache-Control', 'no-store');
    apiHeaders(req, res, next);
  }
};

/**
 * The cross-origin policy by path, mounted before the rate limits and the routes so that a refusal (429, 403)
 * carries it too: the app sees a 429 it can read instead of an opaque network error. The routers keep their own CORS
 * for when they are mounted alone; applying it twice sets the same headers.
 */
export function corsPolicy(uiOrigins: AllowedOrigins): RequestHandler {
  const ui = uiCors(uiOrigins);
  return (req, res, next) => {
    if (under(req, '/edge')) edgeCors(req, res, next);
    else if (under(req, '/api/ui')) ui(req, res, next);
    else next();
  };
}

export interface HttpSecurity {
  /** Proxies whose X-Forwarded-For is believed (Express' `trust proxy`). */
  trustProxyHops: number;
  /** CORS then rate limits, as one layer; mounted after the security headers, before every route. */
  middleware: readonly RequestHandler[];
}

/** Everything that runs before the routes, as one layer: the security headers, then CORS and rate limits if given. */
export function securityLayer(security?: HttpSecurity): RequestHandler {
  return inSequence(securityHeaders, ...(security?.middleware ?? []));
}

/** The HTTP app's security layer from configuration; rate counters live in the deployment's Redis. */
export function httpSecurity(
  config: Pick<
    Config,
    | 'UI_ALLOWED_ORIGINS'
    | 'NODE_ENV'
    | 'QUEUE_PREFIX'
    | 'TRUST_PROXY_HOPS'
    | 'RATE_LIMIT_WINDOW_SECONDS'
    | 'RATE_LIMIT_EDGE'
    | 'RATE_LIMIT_API'
    | 'RATE_LIMIT_AUTH'
    | 'RATE_LIMIT_WEBHOOKS'
  >,
  infra: { redis: RedisCommands; log?: { warn(object: object, message: string): void } },
): HttpSecurity {
  return {
    trustProxyHops: config.TRUST_PROXY_HOPS,
    middleware: [
      inSequence(
        corsPolicy(uiOriginsFrom(config)),
        rateLimits({
          limits: {
            edge: config.RATE_LIMIT_EDGE,
            api: config.RATE_LIMIT_API,
            auth: config.RATE_LIMIT_AUTH,
            webhooks: config.RATE_LIMIT_WEBHOOKS,
          },
          windowMs: config.RATE_LIMIT_WINDOW_SECONDS * 1000,
          store: redisRateLimitStore(infra.redis, config.QUEUE_PREFIX, {
            onSyncError: (error) =>
              infra.log?.warn(
                { err: error instanceof Error ? error.message : String(error) },
                'rate limits not shared: Redis unavailable (counting locally until it is back)',
              ),
          }),
          // With no proxy trusted, Express' req.ip is the socket's address: read it without parsing X-Forwarded-For.
          ...(config.TRUST_PROXY_HOPS === 0 ? { clientAddress: (req: Request) => req.socket.remoteAddress } : {}),
          ...(infra.log === undefined ? {} : { log: infra.log }),
        }),
      ),
    ],
  };
}
