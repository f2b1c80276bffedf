import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { webhookRouter, type WebhookRouteDeps } from './webhook-route';
import { opsRouter, type OpsDeps } from './ops-routes';
import { securityLayer, type HttpSecurity } from './security';

export interface HttpAppDeps {
  webhooks: WebhookRouteDeps;
  ops: OpsDeps;
  /** Routers of other features (decision API, app UI API, ...), mounted before the error handler. */
  routers?: readonly RequestHandler[];
  /** CORS and rate limits (`httpSecurity(config, {redis})`), mounted before every route. */
  security?: HttpSecurity;
}

/** Builds the HTTP app. Without dependencies it serves /healthz only; no I/O happens at import time. */
export function createHttpApp(deps?: HttpAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps?.security?.trustProxyHops ?? 0);
  // Security headers on every answer, probes and errors included; then CORS and rate limits before any route.
  app.use(securityLayer(deps?.security));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  if (deps !== undefined) {
    app.use(webhookRouter(deps.webhooks));
    app.use(opsRouter(deps.ops));
    for (const router of deps.routers ?? []) app.use(router);
  }
  app.use(errorHandler);
  return app;
}

/** Body-parser failures (too large, aborted) carry their status; anything else is a 500 without details. */
const errorHandler: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  const status =
    error !== null && typeof error === 'object' && 'status' in error && typeof error.status === 'number'
      ? error.status
      : 500;
  const type = error !== null && typeof error === 'object' && 'type' in error ? String(error.type) : 'internal';
  res.status(status >= 400 && status < 600 ? status : 500).json({ error: status === 413 ? 'too-large' : type });
};
