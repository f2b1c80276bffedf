// Operations: readiness, metrics and the queue dashboard.
import { sendError } from './errors';
import { timingSafeEqual } from 'node:crypto';
import express, { type RequestHandler, type Router } from 'express';
import type { Queue } from 'bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { HttpMetrics } from '../metrics';
import type { RedisClient } from '../redis';

export interface OpsDeps {
  redis: RedisClient;
  queues: readonly Queue[];
  /** The queue whose workers must be alive for the engine to be ready. */
  workQueue: Queue;
  metrics: HttpMetrics;
  admin?: { user: string; password: string };
  /** When set, /metrics answers only `Authorization: Bearer <token>` (Prometheus' `authorization` scrape option). */
  metricsToken?: string;
}

export function opsRouter(deps: OpsDeps): Router {
  const router = express.Router();
  router.get('/readyz', async (_req, res) => {
    const checks: Record<string, string> = {};
    try {
      await deps.redis.ping();
      checks['redis'] = 'ok';
    } catch {
      checks['redis'] = 'unreachable';
    }
    if (checks['redis'] === 'ok') {
      try {
        checks['workers'] = (await deps.workQueue.getWorkersCount()) > 0 ? 'ok' : 'none';
      } catch {
        checks['workers'] = 'unknown';
      }
    }
    const ready = Object.values(checks).every((v) => v === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not-ready', checks });
  });
  const metricsGuard: RequestHandler =
    deps.metricsToken === undefined
      ? (_req, _res, next) => next()
      : secretHeader(`Bearer ${deps.metricsToken}`, 'Bearer realm="metrics"');
  router.get('/metrics', metricsGuard, async (_req, res) => {
    res.type('text/plain; version=0.0.4').send(await deps.metrics.render());
  });
  if (deps.admin !== undefined) {
    const board = new ExpressAdapter();
    board.setBasePath('/admin/queues');
    createBullBoard({ queues: deps.queues.map((q) => new BullMQAdapter(q)), serverAdapter: board });
    const basic = `Basic ${Buffer.from(`${deps.admin.user}:${deps.admin.password}`).toString('base64')}`;
    router.use('/admin/queues', secretHeader(basic, 'Basic realm="queues"'), board.getRouter() as RequestHandler);
  }
  return router;
}

/** Lets through only requests whose Authorization header is exactly `expected`, compared in constant time. */
export function secretHeader(expected: string, challenge: string): RequestHandler {
  const wanted = Buffer.from(expected);
  return (req, res, next) => {
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length === wanted.length && timingSafeEqual(given, wanted)) {
      next();
      return;
    }
    res.set('www-authenticate', challenge);
    sendError(res, 401, 'unauthorized');
  };
}
