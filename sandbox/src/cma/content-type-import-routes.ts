/**
 * `POST /v3/content_types/import[?overwrite=true]`: the management SDK's `contentType().import({content_type: <path>})`
 * sends the file as multipart/form-data, field `content_type`, holding a content type's JSON (bare, as csdx exports
 * it, or wrapped as `{content_type:{...}}`). Without `overwrite` an existing uid is refused like a create (422 / 115);
 * with it the content type is updated. The answer is the create's `{notice, content_type}` (201; 200 on overwrite).
 * jsonBody leaves multipart bodies unread, so this route reads the raw stream and lets the platform's own
 * multipart parser (undici's `Response.formData()`) take it apart.
 */
import { Router } from 'express';
import type { Request } from 'express';
import { apiErrors } from '../core/errors';
import { handle, header, queryFlag, validate } from '../core/http';
import type { CmsDeps } from './deps';
import { actorOf, callerOf } from './deps';
import { emitContentType } from './events';
import type { SchemaField } from './model';
import { presentContentType } from './present';
import { contentTypeCreateSchema, unwrap } from './schemas';

const readRaw = async (req: Request): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
};

const fileText = async (req: Request): Promise<string> => {
  const type = header(req, 'content-type') ?? '';
  if (!type.toLowerCase().startsWith('multipart/form-data')) {
    throw apiErrors.validation('Content type import expects multipart/form-data.', {
      content_type: ['is required (a file field).'],
    });
  }
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(await readRaw(req)), { headers: { 'content-type': type } }).formData();
  } catch {
    throw apiErrors.malformedJson();
  }
  const field = form.get('content_type');
  if (field === null)
    throw apiErrors.validation('Content type import failed.', { content_type: ['is required.'] }, 115);
  return typeof field === 'string' ? field : await field.text();
};

export const contentTypeImportRouter = (deps: CmsDeps): Router => {
  const router = Router();
  const { cms, ctx } = deps;
  router.post(
    '/content_types/import',
    handle(async (req, res) => {
      const caller = callerOf(res);
      const text = await fileText(req);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw apiErrors.malformedJson();
      }
      const body = validate(
        contentTypeCreateSchema,
        { content_type: unwrap(parsed, 'content_type') },
        'Content Type import failed. Please enter valid data.',
        115,
      );
      const input = body.content_type;
      const apiKey = caller.stack.apiKey;
      const actor = actorOf(caller, ctx.clock.now());
      const exists = cms.contentTypes(apiKey).some((c) => c.uid === input.uid);
      const fields = {
        title: input.title,
        description: input.description,
        schema: input.schema as SchemaField[],
        options: input.options,
      };
      const overwrite = queryFlag(req, 'overwrite') && exists;
      const ct = overwrite
        ? cms.updateContentType(apiKey, input.uid, fields, actor)
        : cms.createContentType(apiKey, { uid: input.uid, ...fields }, actor);
      deps.changed();
      emitContentType(ctx.webhooks, apiKey, overwrite ? 'update' : 'create', ct);
      res
        .status(overwrite ? 200 : 201)
        .json({ notice: 'Content Type imported successfully.', content_type: presentContentType(ct) });
    }),
  );
  return router;
};
