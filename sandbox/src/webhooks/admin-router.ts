/**
 * `/_sandbox` routes of the dispatcher (paths here are relative: mount the router under `/_sandbox`).
 * POST/GET/DELETE webhook-targets, GET/DELETE webhook-deliveries, POST webhook-events (emit by hand).
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Clock } from '../core/contracts';
import { adminError, adminJsonErrors, fieldErrors, jsonBody } from '../apps/admin-http';
import { publicDelivery } from './deliveries';
import type { WebhookDispatcher } from './dispatcher';
import { publicTarget } from './targets';
import type { WebhookTargetRegistry } from './targets';

const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL');

const registerBody = z.object({
  api_key: z.string().min(1),
  url: httpUrl,
  hmac_secret: z.string().min(1).optional(),
});

const emitBody = z.object({
  api_key: z.string().min(1),
  module: z.string().min(1),
  event: z.string().min(1),
  data: z.record(z.string(), z.unknown()),
});

export function createWebhookAdminRouter(deps: {
  clock: Clock;
  targets: WebhookTargetRegistry;
  dispatcher: WebhookDispatcher;
}): Router {
  const router = Router();
  router.use(jsonBody);

  router.post('/webhook-targets', (req, res) => {
    const parsed = registerBody.safeParse(req.body);
    if (!parsed.success) {
      adminError(res, 422, 'Webhook target is not valid.', fieldErrors(parsed.error));
      return;
    }
    const target = deps.targets.register(
      { apiKey: parsed.data.api_key, url: parsed.data.url, hmacSecret: parsed.data.hmac_secret },
      deps.clock.now(),
    );
    res.status(201).json({ notice: 'Webhook target registered.', target: publicTarget(target) });
  });

  router.get('/webhook-targets', (req, res) => {
    const apiKey = typeof req.query['api_key'] === 'string' ? req.query['api_key'] : undefined;
    const targets = apiKey === undefined ? deps.targets.all() : deps.targets.forStack(apiKey);
    res.json({ targets: targets.map(publicTarget) });
  });

  router.delete('/webhook-targets/:uid', (req, res) => {
    if (!deps.targets.remove(req.params.uid)) {
      adminError(res, 404, 'Webhook target not found.', { uid: ['is not valid.'] });
      return;
    }
    res.json({ notice: 'Webhook target removed.' });
  });

  router.get('/webhook-deliveries', (req, res) => {
    const q = (name: string): string | undefined => (typeof req.query[name] === 'string' ? req.query[name] : undefined);
    const apiKey = q('api_key');
    const module = q('module');
    const event = q('event');
    const deliveries = deps.dispatcher
      .deliveries()
      .filter(
        (d) =>
          (apiKey === undefined || d.apiKey === apiKey) &&
          (module === undefined || d.module === module) &&
          (event === undefined || d.event === event),
      );
    res.json({ deliveries: deliveries.map(publicDelivery) });
  });

  router.delete('/webhook-deliveries', (_req, res) => {
    deps.dispatcher.clearLog();
    res.json({ notice: 'Delivery log cleared.' });
  });

  router.post('/webhook-events', (req, res) => {
    const parsed = emitBody.safeParse(req.body);
    if (!parsed.success) {
      adminError(res, 422, 'Webhook event is not valid.', fieldErrors(parsed.error));
      return;
    }
    const { api_key, module, event, data } = parsed.data;
    deps.dispatcher.emit({ stackApiKey: api_key, module, event, data });
    res.status(202).json({ notice: 'Webhook event queued.', targets: deps.targets.forStack(api_key).length });
  });

  router.use(adminJsonErrors);
  return router;
}
