import { Router } from 'express';
import type { Request } from 'express';
import { apiErrors } from '../core/errors';
import { handle, header, queryFlag, validate } from '../core/http';
import { answerList, presentOne } from '../query/list-params';
import { listOptionsOf, localeParam } from '../query/http';
import type { CmsStore } from './cms-store';
import type { CmsDeps } from './deps';
import { actorOf, callerOf } from './deps';
import { checkFields } from './entry-fields';
import { emitEntry } from './events';
import { applyChangeSet } from './field-paths';
import type { EntryRecord, Fields } from './model';
import { entryVariantKey } from './model';
import { presentEntry } from './present';
import { entryBodySchema } from './schemas';

const SYSTEM_FIELDS = new Set([
  'uid',
  '_version',
  'locale',
  'created_at',
  'updated_at',
  'created_by',
  'updated_by',
  'ACL',
  '_in_progress',
  'publish_details',
  '_metadata',
  '_variant',
  '_workflow',
  'content_type_uid',
]);

const userFields = (entry: Record<string, unknown>): Fields =>
  Object.fromEntries(Object.entries(entry).filter(([k]) => !SYSTEM_FIELDS.has(k)));

/** `x-cs-variant-uid` seen through `include_variant=true` on the CMA: draft entry variants applied. */
const withDraftVariants = (
  cms: CmsStore,
  apiKey: string,
  req: Request,
  entry: EntryRecord,
  locale: string,
  fields: Fields,
): Fields => {
  const wanted = header(req, 'x-cs-variant-uid');
  if (!queryFlag(req, 'include_variant') || wanted === undefined) return fields;
  const out = structuredClone(fields);
  const uids = wanted
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of [...uids].reverse()) {
    const variant = cms.findVariant(apiKey, name);
    const ev = variant && cms.content(apiKey).entryVariants[entryVariantKey(entry.uid, variant.uid, locale)];
    if (ev !== undefined) applyChangeSet(out, ev.fields, ev.change_set);
  }
  return out;
};

export const entriesRouter = (deps: CmsDeps): Router => {
  const router = Router();
  const { cms, ctx } = deps;
  const base = '/content_types/:ct/entries';

  router.get(
    base,
    handle((req, res) => {
      const { stack } = callerOf(res);
      const ct = String(req.params['ct']);
      // The options are read (and a bad query refused) before anything else, so a refusal never depends on content.
      const options = listOptionsOf(req, 'cma');
      const locale = localeParam(req);
      if (locale !== undefined) cms.checkLocale(stack.apiKey, locale);
      // The query sees entries as they are answered, so system fields (uid, locale, _version, ...) are queryable.
      const entries = cms
        .entries(stack.apiKey, ct)
        .map((entry) =>
          presentEntry(
            stack.apiKey,
            entry,
            cms.entryInLocale(stack.apiKey, entry, locale),
            cms.publishRecordsOf(stack.apiKey, entry.uid),
          ),
        );
      res.json(answerList(entries, options));
    }),
  );

  router.get(
    `${base}/:uid`,
    handle((req, res) => {
      const { stack } = callerOf(res);
      const options = listOptionsOf(req, 'cma');
      const entry = cms.entry(stack.apiKey, String(req.params['ct']), String(req.params['uid']));
      const locale = localeParam(req);
      if (locale !== undefined) cms.checkLocale(stack.apiKey, locale);
      const view = cms.entryInLocale(stack.apiKey, entry, locale);
      const fields = withDraftVariants(cms, stack.apiKey, req, entry, view.locale, view.record.fields);
      const json = presentEntry(stack.apiKey, entry, view, cms.publishRecordsOf(stack.apiKey, entry.uid), fields);
      res.json({ entry: presentOne(json, options) });
    }),
  );

  router.get(
    `${base}/:uid/locales`,
    handle((req, res) => {
      const { stack } = callerOf(res);
      const entry = cms.entry(stack.apiKey, String(req.params['ct']), String(req.params['uid']));
      res.json({
        locales: stack.locales.map((code) => ({
          code,
          localized: entry.locales[code] !== undefined && code !== stack.masterLocale,
          ...(code === stack.masterLocale ? { fallback_locale: null } : {}),
        })),
      });
    }),
  );

  router.post(
    base,
    handle((req, res) => {
      const caller = callerOf(res);
      const ctUid = String(req.params['ct']);
      const ct = cms.contentType(caller.stack.apiKey, ctUid);
      const locale = localeParam(req);
      const body = validate(entryBodySchema, req.body, 'Entry creation failed. Please enter valid data.');
      const checked = checkFields(ct.schema, userFields(body.entry), { partial: false });
      if (Object.keys(checked.errors).length > 0) {
        throw apiErrors.validation('Entry creation failed. Please enter valid data.', checked.errors);
      }
      const entry = cms.createEntry(
        caller.stack.apiKey,
        ctUid,
        checked.fields,
        locale,
        actorOf(caller, ctx.clock.now()),
      );
      deps.changed();
      const view = cms.entryInLocale(caller.stack.apiKey, entry, locale);
      const json = presentEntry(caller.stack.apiKey, entry, view, []);
      emitEntry(ctx.webhooks, caller.stack.apiKey, 'create', ct, json);
      res.status(201).json({ notice: 'Entry created successfully.', entry: json });
    }),
  );

  router.put(
    `${base}/:uid`,
    handle((req, res) => {
      const caller = callerOf(res);
      const ctUid = String(req.params['ct']);
      const uid = String(req.params['uid']);
      const ct = cms.contentType(caller.stack.apiKey, ctUid);
      cms.entry(caller.stack.apiKey, ctUid, uid);
      const locale = localeParam(req);
      const body = validate(entryBodySchema, req.body, 'Entry update failed. Please enter valid data.');
      const checked = checkFields(ct.schema, userFields(body.entry), { partial: true });
      if (Object.keys(checked.errors).length > 0) {
        throw apiErrors.validation('Entry update failed. Please enter valid data.', checked.errors);
      }
      const view = cms.updateEntry(
        caller.stack.apiKey,
        ctUid,
        uid,
        checked.fields,
        locale,
        actorOf(caller, ctx.clock.now()),
      );
      deps.changed();
      const entry = cms.entry(caller.stack.apiKey, ctUid, uid);
      const json = presentEntry(caller.stack.apiKey, entry, view, cms.publishRecordsOf(caller.stack.apiKey, uid));
      emitEntry(ctx.webhooks, caller.stack.apiKey, 'update', ct, json);
      res.json({ notice: 'Entry updated successfully.', entry: json });
    }),
  );

  router.delete(
    `${base}/:uid`,
    handle((req, res) => {
      const caller = callerOf(res);
      const ctUid = String(req.params['ct']);
      const ct = cms.contentType(caller.stack.apiKey, ctUid);
      const locale = localeParam(req);
      if (locale !== undefined) cms.checkLocale(caller.stack.apiKey, locale);
      const entry = cms.entry(caller.stack.apiKey, ctUid, String(req.params['uid']));
      const view = cms.entryInLocale(caller.stack.apiKey, entry, locale);
      const json = {
        uid: entry.uid,
        title: view.record.fields['title'],
        locale: view.locale,
        _version: view.record._version,
      };
      cms.deleteEntry(caller.stack.apiKey, ctUid, entry.uid, locale);
      deps.changed();
      emitEntry(ctx.webhooks, caller.stack.apiKey, 'delete', ct, json);
      res.json({ notice: 'Entry deleted successfully.' });
    }),
  );

  return router;
};
