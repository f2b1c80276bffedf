/**
 * `/_sandbox/personalize-sync` (loopback admin, relative paths): the knobs of Personalize's CMS sync.
 * - `GET` → `{delayMs, paused, remapOnFirstActivation, pending, errors}`.
 * - `PUT {delayMs?, paused?, remapOnFirstActivation?}` → the same, after the change.
 * There is deliberately no "run now": the real service has no such trigger, so neither may our tests.
 */
import { Router } from 'express';
import { z } from 'zod';
import { adminError, adminJsonErrors, fieldErrors, jsonBody } from '../apps/admin-http';
import type { CmsSync } from './cms-sync';

const settingsBody = z.strictObject({
  delayMs: z.number().int().min(0).max(3_600_000).optional(),
  paused: z.boolean().optional(),
  remapOnFirstActivation: z.boolean().optional(),
});

export function createSyncAdminRouter(sync: CmsSync): Router {
  const router = Router();
  router.get('/personalize-sync', (_req, res) => {
    res.json(sync.settings());
  });
  router.put('/personalize-sync', jsonBody, (req, res) => {
    const parsed = settingsBody.safeParse(req.body);
    if (!parsed.success) {
      adminError(res, 422, 'Personalize sync settings are not valid.', fieldErrors(parsed.error));
      return;
    }
    const next: Parameters<CmsSync['configure']>[0] = {};
    if (parsed.data.delayMs !== undefined) next.delayMs = parsed.data.delayMs;
    if (parsed.data.paused !== undefined) next.paused = parsed.data.paused;
    if (parsed.data.remapOnFirstActivation !== undefined)
      next.remapOnFirstActivation = parsed.data.remapOnFirstActivation;
    sync.configure(next);
    res.json(sync.settings());
  });
  router.use(adminJsonErrors);
  return router;
}
