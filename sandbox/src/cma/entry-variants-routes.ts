import { Router } from 'express';
import { apiErrors } from '../core/errors';
import { handle, paging, validate } from '../core/http';
import { localeParam } from '../query/http';
import type { CmsDeps } from './deps';
import { actorOf, callerOf } from './deps';
import { checkFields } from './entry-fields';
import { emitEntryVariant } from './events';
import { presentEntryVariant } from './present';
import { entryVariantBodySchema } from './schemas';

const VARIANT_SYSTEM_FIELDS = new Set([
  'uid',
  '_version',
  'locale',
  'created_at',
  'updated_at',
  'created_by',
  'updated_by',
  '_variant',
  'publish_details',
  'ACL',
  '_in_progress',
]);

export const entryVariantsRouter = (deps: CmsDeps): Router => {
  const router = Router();
  const { cms, ctx } = deps;
  const base = '/content_types/:ct/entries/:entry/variants';
  const params = (p: Record<string, string | string[] | undefined>) => ({
    ct: String(p['ct']),
    entry: String(p['entry']),
    variant: String(p['variant']),
  });

  router.get(
    base,
    handle((req, res) => {
      const { stack } = callerOf(res);
      const { ct, entry } = params(req.params);
      const locale = localeParam(req);
      if (locale !== undefined) cms.checkLocale(stack.apiKey, locale);
      const { skip, limit } = paging(req, 10);
      const all = cms.entryVariants(stack.apiKey, ct, entry, locale);
      res.json({
        entries: all
          .slice(skip, skip + limit)
          .map((ev) =>
            presentEntryVariant(
              stack.apiKey,
              ev,
              cms.mergedEntryVariant(stack.apiKey, ev),
              cms.publishRecordsOf(stack.apiKey, ev.entry_uid),
            ),
          ),
        count: all.length,
      });
    }),
  );

  router.get(
    `${base}/:variant`,
    handle((req, res) => {
      const { stack } = callerOf(res);
      const { ct, entry, variant } = params(req.params);
      const locale = localeParam(req);
      if (locale !== undefined) cms.checkLocale(stack.apiKey, locale);
      const ev = cms.entryVariant(stack.apiKey, ct, entry, variant, locale);
      res.json({
        entry: presentEntryVariant(
          stack.apiKey,
          ev,
          cms.mergedEntryVariant(stack.apiKey, ev),
          cms.publishRecordsOf(stack.apiKey, ev.entry_uid),
        ),
      });
    }),
  );

  router.get(
    `${base}/:variant/versions`,
    handle((req, res) => {
      const { stack } = callerOf(res);
      const { ct, entry, variant } = params(req.params);
      const locale = localeParam(req);
      const ev = cms.entryVariant(stack.apiKey, ct, entry, variant, locale);
      res.json({ versions: [...ev.versions].reverse().map((v) => ({ _version: v, locale: ev.locale })) });
    }),
  );

  router.put(
    `${base}/:variant`,
    handle((req, res) => {
      const caller = callerOf(res);
      const apiKey = caller.stack.apiKey;
      const { ct, entry, variant } = params(req.params);
      const locale = localeParam(req);
      const contentType = cms.contentType(apiKey, ct);
      cms.entry(apiKey, ct, entry);
      const variantRecord = cms.variantForEntry(apiKey, ct, variant);
      if (locale !== undefined) cms.checkLocale(apiKey, locale);
      const body = validate(entryVariantBodySchema, req.body, 'Entry variant update failed. Please enter valid data.');
      const overrides = Object.fromEntries(Object.entries(body.entry).filter(([k]) => !VARIANT_SYSTEM_FIELDS.has(k)));
      const checked = checkFields(contentType.schema, overrides, { partial: true });
      if (Object.keys(checked.errors).length > 0) {
        throw apiErrors.validation('Entry variant update failed. Please enter valid data.', checked.errors);
      }
      const { record, created } = cms.upsertEntryVariant(
        apiKey,
        ct,
        entry,
        variant,
        locale,
        { fields: checked.fields, changeSet: body.entry._variant?._change_set },
        actorOf(caller, ctx.clock.now()),
      );
      deps.changed();
      emitEntryVariant(ctx.webhooks, apiKey, created ? 'create' : 'update', record, variantRecord);
      res.status(created ? 201 : 200).json({
        notice: created ? 'Entry variant created successfully.' : 'Entry variant updated successfully.',
        entry: presentEntryVariant(
          apiKey,
          record,
          cms.mergedEntryVariant(apiKey, record),
          cms.publishRecordsOf(apiKey, record.entry_uid),
        ),
      });
    }),
  );

  router.delete(
    `${base}/:variant`,
    handle((req, res) => {
      const { stack } = callerOf(res);
      const { ct, entry, variant } = params(req.params);
      const locale = localeParam(req);
      if (locale !== undefined) cms.checkLocale(stack.apiKey, locale);
      const record = cms.deleteEntryVariant(stack.apiKey, ct, entry, variant, locale);
      deps.changed();
      emitEntryVariant(ctx.webhooks, stack.apiKey, 'delete', record, cms.findVariant(stack.apiKey, variant));
      res.json({ notice: 'Entry variant deleted successfully.' });
    }),
  );

  return router;
};
