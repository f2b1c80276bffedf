// Operations: readiness, metrics and the queue dashboard.
import { timingSafeEqual } from 'node:crypto';
import express, { type RequestHandler, type Router } from 'express';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { HttpMetrics } from '../metrics';

export interface OpsDeps {
  redis: Redis;
  queues: readonly Queue[];
  /** The queue whose workers must be alive for the engine to be ready. */
  workQueue: Queue;
  metrics: HttpMetrics;
  admin?: { user: string; password: string };
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
  router.get('/metrics', async (_req, res) => {
    res.type('text/plain; version=0.0.4').send(await deps.metrics.render());
  });
  if (deps.admin !== undefined) {
    const board = new ExpressAdapter();
    board.setBasePath('/admin/queues');
    createBullBoard({ queues: deps.queues.map((q) => new BullMQAdapter(q)), serverAdapter: board });
    router.use('/admin/queues', basicAuth(deps.admin), board.getRouter() as RequestHandler);
  }
  return router;
}

function basicAuth(admin: { user: string; password: string }): RequestHandler {
  const wanted = Buffer.from(`Basic ${Buffer.from(`${admin.user}:${admin.password}`).toString('base64')}`);
  return (req, res, next) => {
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length === wanted.length && timingSafeEqual(given, wanted)) {
      next();
      return;
    }
    res.status(401).set('www-authenticate', 'Basic realm="queues"').json({ error: 'unauthorized' });
  };
}
