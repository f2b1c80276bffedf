import { Router } from 'express';
import { handle, paging, queryFlag, validate } from '../core/http';
import type { SchemaField } from './model';
import type { CmsDeps } from './deps';
import { actorOf, callerOf } from './deps';
import { emitContentType } from './events';
import { presentContentType } from './present';
import { contentTypeCreateSchema, contentTypeUpdateSchema } from './schemas';

export const contentTypesRouter = (deps: CmsDeps): Router => {
  const router = Router();
  const { cms, ctx } = deps;

  router.get(
    '/content_types',
    handle((req, res) => {
      const { stack } = callerOf(res);
      const all = cms.contentTypes(stack.apiKey);
      const { skip, limit } = paging(req);
      res.json({
        content_types: all.slice(skip, skip + limit).map(presentContentType),
        ...(queryFlag(req, 'include_count') ? { count: all.length } : {}),
      });
    }),
  );

  router.get(
    '/content_types/:ct',
    handle((req, res) => {
      const { stack } = callerOf(res);
      res.json({ content_type: presentContentType(cms.contentType(stack.apiKey, String(req.params['ct']))) });
    }),
  );

  router.post(
    '/content_types',
    handle((req, res) => {
      const caller = callerOf(res);
      const body = validate(
        contentTypeCreateSchema,
        req.body,
        'Content Type creation failed. Please enter valid data.',
        115,
      );
      const input = body.content_type;
      const ct = cms.createContentType(
        caller.stack.apiKey,
        {
          uid: input.uid,
          title: input.title,
          description: input.description,
          schema: input.schema as SchemaField[],
          options: input.options,
        },
        actorOf(caller, ctx.clock.now()),
      );
      deps.changed();
      emitContentType(ctx.webhooks, caller.stack.apiKey, 'create', ct);
      res.status(201).json({ notice: 'Content Type created successfully.', content_type: presentContentType(ct) });
    }),
  );

  router.put(
    '/content_types/:ct',
    handle((req, res) => {
      const caller = callerOf(res);
      const uid = String(req.params['ct']);
      cms.contentType(caller.stack.apiKey, uid);
      const body = validate(
        contentTypeUpdateSchema,
        req.body,
        'Content Type updation failed. Please enter valid data.',
        115,
      );
      const input = body.content_type;
      const ct = cms.updateContentType(
        caller.stack.apiKey,
        uid,
        {
          title: input.title,
          description: input.description,
          schema: input.schema as SchemaField[] | undefined,
          options: input.options,
        },
        actorOf(caller, ctx.clock.now()),
      );
      deps.changed();
      emitContentType(ctx.webhooks, caller.stack.apiKey, 'update', ct);
      res.json({ notice: 'Content Type updated successfully.', content_type: presentContentType(ct) });
    }),
  );

  router.delete(
    '/content_types/:ct',
    handle((req, res) => {
      const caller = callerOf(res);
      const ct = cms.deleteContentType(caller.stack.apiKey, String(req.params['ct']));
      deps.changed();
      emitContentType(ctx.webhooks, caller.stack.apiKey, 'delete', ct);
      res.json({ notice: 'Content Type deleted successfully.' });
    }),
  );

  return router;
};
