/**
 * Publish / unpublish. Publishing variants needs `api_version: 3.2` (the header the SDK sends when the
 * entry was opened with `{api_version: '3.2'}`); a body naming variants without it is refused with 422
 * instead of silently publishing only the base entry.
 */
import { Router } from 'express';
import type { Request, Response } from 'express';
import { apiErrors } from '../core/errors';
import { handle, header, validate } from '../core/http';
import { jobId } from '../core/ids';
import type { CmsDeps } from './deps';
import { actorOf, callerOf } from './deps';
import { emitEntry } from './events';
import { publishBodySchema } from './schemas';

export const publishingRouter = (deps: CmsDeps): Router => {
  const router = Router();
  const { cms, ctx } = deps;

  const run = (action: 'publish' | 'unpublish') => (req: Request, res: Response) => {
    const caller = callerOf(res);
    const apiKey = caller.stack.apiKey;
    const ctUid = String(req.params['ct']);
    const ct = cms.contentType(apiKey, ctUid);
    const entry = cms.entry(apiKey, ctUid, String(req.params['uid']));
    const body = validate(publishBodySchema, req.body, 'Entry publishing failed. Please enter valid data.', 141);
    const variants = body.entry.variants;
    const v32 = header(req, 'api_version') === '3.2';
    if (variants !== undefined && variants.length > 0 && !v32) {
      throw apiErrors.validation(
        'Publishing variants requires the api_version: 3.2 header.',
        { api_version: ['must be 3.2 to publish variants.'] },
        141,
      );
    }
    const request = {
      environments: body.entry.environments,
      locales: body.entry.locales,
      variants,
      ...(body.entry.variant_rules === undefined ? {} : { variantRules: body.entry.variant_rules }),
    };
    const actor = actorOf(caller, ctx.clock.now());
    const outcome =
      action === 'publish'
        ? cms.publish(apiKey, ctUid, entry.uid, request, actor)
        : cms.unpublish(apiKey, ctUid, entry.uid, request);
    deps.changed();
    for (const done of outcome.base) {
      const view = cms.entryInLocale(apiKey, entry, done.locale);
      emitEntry(
        ctx.webhooks,
        apiKey,
        action,
        ct,
        { uid: entry.uid, title: view.record.fields['title'], locale: done.locale, _version: done.version },
        { environment: { name: done.environment }, locale: done.locale, status: 'success' },
      );
    }
    res.json({ notice: 'The requested action has been performed.', ...(v32 ? { job_id: jobId() } : {}) });
  };

  router.post('/content_types/:ct/entries/:uid/publish', handle(run('publish')));
  router.post('/content_types/:ct/entries/:uid/unpublish', handle(run('unpublish')));
  return router;
};
