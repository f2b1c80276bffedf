/**
 * The admin API under `/_sandbox` (loopback only): health, credentials, the fault plan, rate limits,
 * the request log and reset. Other parts (webhooks, app platform) mount their own admin routers next to it.
 */
import { Router } from 'express';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { apiErrors } from '../core/errors';
import type { FaultPlan } from '../core/faults';
import { faultPlanSchema } from '../core/faults';
import { handle, jsonBody, queryString, sendError, validate } from '../core/http';
import type { RateLimiter } from '../core/rate-limiter';
import type { RequestLog } from '../core/request-log';

export interface AdminDeps {
  credentials: () => Record<string, unknown>;
  /** A digest of every state part: lets tests prove a refused request changed nothing, without exposing state. */
  stateDigest: () => string;
  faults: FaultPlan;
  limiter: RateLimiter;
  log: RequestLog;
  reset: () => Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** The admin API controls the whole sandbox: only callers on this machine may use it. */
export const loopbackOnly = (): RequestHandler => (req, res, next) => {
  if (LOOPBACK.has(req.socket.remoteAddress ?? '')) {
    next();
    return;
  }
  sendError(res, apiErrors.forbidden('The sandbox admin API answers loopback callers only.'));
};

const limitsSchema = z
  .object({
    read: z.number().int().positive().optional(),
    write: z.number().int().positive().optional(),
    personalize: z.number().int().positive().optional(),
  })
  .strict();

export const createAdminRouter = (deps: AdminDeps): Router => {
  const router = Router();
  router.use(jsonBody());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/credentials', (_req, res) => {
    res.json(deps.credentials());
  });

  router.get('/state-digest', (_req, res) => {
    res.json({ digest: deps.stateDigest() });
  });

  router.get('/faults', (_req, res) => {
    res.json(deps.faults.describe());
  });

  router.put(
    '/faults',
    handle((req, res) => {
      const plan = validate(faultPlanSchema, req.body, 'Fault plan is not valid.', 422);
      deps.faults.set(plan.rules);
      res.json(deps.faults.describe());
    }),
  );

  router.delete('/faults', (_req, res) => {
    deps.faults.clear();
    res.json(deps.faults.describe());
  });

  router.get('/rate-limits', (_req, res) => {
    res.json({ limits: deps.limiter.current() });
  });

  router.put(
    '/rate-limits',
    handle((req, res) => {
      const limits = validate(limitsSchema, req.body, 'Rate limits are not valid.', 422);
      const next: Parameters<RateLimiter['setLimits']>[0] = {};
      if (limits.read !== undefined) next.read = limits.read;
      if (limits.write !== undefined) next.write = limits.write;
      if (limits.personalize !== undefined) next.personalize = limits.personalize;
      res.json({ limits: deps.limiter.setLimits(next) });
    }),
  );

  router.get(
    '/requests',
    handle((req, res) => {
      const raw = queryString(req, 'since');
      const since = raw === undefined ? undefined : Number(raw);
      if (since !== undefined && !Number.isFinite(since)) {
        throw apiErrors.validation('Query is not valid.', { since: ['must be a number of ms since the epoch.'] }, 422);
      }
      res.json({ requests: deps.log.since(since) });
    }),
  );

  router.delete('/requests', (_req, res) => {
    deps.log.clear();
    res.json({ notice: 'Request log cleared.' });
  });

  router.post(
    '/reset',
    handle(async (_req, res) => {
      await deps.reset();
      res.json({ notice: 'Sandbox reset to its seed.' });
    }),
  );

  return router;
};
