import express, { type Express } from 'express';

/** Builds the HTTP app. Routes are added here as the server grows; no I/O happens at import time. */
export function createHttpApp(): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  return app;
}
