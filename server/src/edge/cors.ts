// CORS as the browser edge SDK needs it, from the rules the edge worker runtime answers with too
// (shared/src/edge-runtime/cors.ts). The headers are set from one precomputed list: this runs on every manifest.
import type { RequestHandler } from 'express';
import { EDGE_CORS_HEADERS, EDGE_PREFLIGHT_HEADERS } from '@pb/shared';

const everyAnswer = Object.entries(EDGE_CORS_HEADERS);
const preflight = Object.entries(EDGE_PREFLIGHT_HEADERS);

export const edgeCors: RequestHandler = (req, res, next) => {
  for (const [name, value] of everyAnswer) res.setHeader(name, value);
  if (req.method === 'OPTIONS') {
    for (const [name, value] of preflight) res.setHeader(name, value);
    res.status(204).end();
    return;
  }
  next();
};
