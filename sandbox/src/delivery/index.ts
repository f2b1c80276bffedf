/**
 * The Content Delivery API under `/cdn/v3`: published entries only. `x-cs-variant-uid` names up to
 * three variants (aliases or uids); each published variant's change set is laid over the published
 * base, the first listed applied last so that it wins where two override the same field.
 */
import { Router } from 'express';
import type { Request } from 'express';
import type { SandboxModule, StackRecord } from '../core/contracts';
import { apiErrors } from '../core/errors';
import { handle, header, queryFlag, queryString } from '../core/http';
import type { CmsDeps } from '../cma/deps';
import { applyChangeSet } from '../cma/field-paths';
import type { EntryRecord, PublishRecord } from '../cma/model';
import { environmentUid, presentContentType } from '../cma/present';
import { listOptionsOf, localeParam } from '../query/http';
import { answerList, presentOne } from '../query/list-params';

const MAX_VARIANTS = 3;

interface DeliveryCaller {
  stack: StackRecord;
  environment: string;
}

export const createDeliveryModule = (deps: CmsDeps): SandboxModule => {
  const router = Router();
  const { cms } = deps;

  const callerOf = (req: Request): DeliveryCaller => {
    const apiKey = header(req, 'api_key') ?? queryString(req, 'api_key');
    if (apiKey === undefined || apiKey === '') throw apiErrors.apiKeyMissing();
    const stack = deps.ctx.stacks.get(apiKey);
    if (stack === undefined) throw apiErrors.apiKeyInvalid();
    const token = deps.credentials.resolveDeliveryToken(
      header(req, 'access_token') ?? queryString(req, 'access_token'),
    );
    if (token === undefined || token.stackApiKey !== stack.apiKey) throw apiErrors.accessTokenInvalid();
    const environment = queryString(req, 'environment') ?? header(req, 'environment');
    if (environment === undefined || !token.environments.includes(environment)) {
      throw apiErrors.validation(
        'Environment was not found. Please try again.',
        { environment: ['is not valid.'] },
        141,
      );
    }
    return { stack, environment };
  };

  const variantNames = (req: Request): string[] => {
    const raw = header(req, 'x-cs-variant-uid');
    if (raw === undefined) return [];
    const names = raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (names.length > MAX_VARIANTS) {
      throw apiErrors.validation(
        `At most ${MAX_VARIANTS} variants may be requested at once.`,
        { 'x-cs-variant-uid': ['is not valid.'] },
        141,
      );
    }
    return names;
  };

  const render = (
    apiKey: string,
    entry: EntryRecord,
    record: PublishRecord,
    names: string[],
  ): Record<string, unknown> | undefined => {
    const base = record.base;
    if (base === undefined) return undefined;
    const fields = structuredClone(base.fields);
    const applied: { uid: string; alias: string; version: number; time: string; user: string }[] = [];
    for (const name of names) {
      const variant = cms.findVariant(apiKey, name);
      const published = variant && record.variants[variant.uid];
      if (variant !== undefined && published !== undefined && !applied.some((a) => a.uid === variant.uid)) {
        applied.push({
          uid: variant.uid,
          alias: variant.alias,
          version: published.version,
          time: published.published_at,
          user: published.user,
        });
      }
    }
    for (const a of [...applied].reverse()) {
      const published = record.variants[a.uid];
      if (published !== undefined) applyChangeSet(fields, published.fields, published.change_set);
    }
    const ev = entry.locales[record.locale];
    const environment = environmentUid(apiKey, record.environment);
    return {
      uid: entry.uid,
      ...fields,
      tags: Array.isArray(fields['tags']) ? fields['tags'] : [],
      locale: record.locale,
      _version: base.version,
      created_at: ev?.created_at,
      updated_at: ev?.updated_at,
      created_by: ev?.created_by,
      updated_by: ev?.updated_by,
      ACL: {},
      _in_progress: false,
      publish_details: {
        environment,
        locale: record.locale,
        time: base.published_at,
        user: base.user,
        ...(applied.length > 0
          ? {
              variants: Object.fromEntries(
                applied.map((a) => [
                  a.uid,
                  {
                    alias: a.alias,
                    environment,
                    locale: record.locale,
                    time: a.time,
                    user: a.user,
                    version: a.version,
                  },
                ]),
              ),
            }
          : {}),
      },
    };
  };

  const localeOf = (req: Request, stack: StackRecord): string => {
    const locale = localeParam(req) ?? stack.masterLocale;
    cms.checkLocale(stack.apiKey, locale);
    return locale;
  };

  router.get(
    '/content_types/:ct/entries',
    handle((req, res) => {
      const { stack, environment } = callerOf(req);
      const options = listOptionsOf(req, 'cda');
      const names = variantNames(req);
      const locale = localeOf(req, stack);
      // Filtered as delivered (variants applied, system fields present): what the site asked about is what it sees.
      const entries = cms
        .entries(stack.apiKey, String(req.params['ct']))
        .map((entry) => {
          const record = cms.published(stack.apiKey, entry.uid, environment, locale);
          return record && render(stack.apiKey, entry, record, names);
        })
        .filter((e): e is Record<string, unknown> => e !== undefined);
      res.json(answerList(entries, options));
    }),
  );

  router.get(
    '/content_types/:ct/entries/:uid',
    handle((req, res) => {
      const { stack, environment } = callerOf(req);
      const options = listOptionsOf(req, 'cda');
      const names = variantNames(req);
      const locale = localeOf(req, stack);
      const entry = cms.entry(stack.apiKey, String(req.params['ct']), String(req.params['uid']));
      const record = cms.published(stack.apiKey, entry.uid, environment, locale);
      const json = record && render(stack.apiKey, entry, record, names);
      if (json === undefined) throw apiErrors.entryNotFound();
      res.json({ entry: presentOne(json, options) });
    }),
  );

  // Content types as the delivery SDK reads them (`stack.contentType().find()` / `.contentType(uid).fetch()`).
  router.get(
    '/content_types',
    handle((req, res) => {
      const { stack } = callerOf(req);
      const all = cms.contentTypes(stack.apiKey).map(presentContentType);
      res.json({
        content_types: all,
        ...(queryFlag(req, 'include_count') ? { count: all.length } : {}),
      });
    }),
  );

  router.get(
    '/content_types/:ct',
    handle((req, res) => {
      const { stack } = callerOf(req);
      res.json({ content_type: presentContentType(cms.contentType(stack.apiKey, String(req.params['ct']))) });
    }),
  );

  return { mount: '/cdn/v3', rateKind: () => null, router };
};
