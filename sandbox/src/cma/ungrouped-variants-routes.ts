/**
 * Ungrouped variants, `/v3/variants` (management SDK `stack.variants()`): "individual variants that are not linked
 * to any variant group". `GET /variants` lists every variant of the stack, grouped ones included (the SDK's
 * `fetchByUIDs` sends `uids[]`), `POST` creates one outside any group, `GET|DELETE /variants/{uid}`.
 * Not published: the single-variant envelope (`{variant}` here) and the notices; the create body is taken flat
 * (SDK), as `{variant:{...}}` or as `{data:{...}}` (the docs' example). Ungrouped variants are stored with an empty
 * `variant_group_uid` (the store's variants all name a group) and answered without one.
 */
import { Router } from 'express';
import type { Request } from 'express';
import { apiErrors } from '../core/errors';
import { csUid } from '../core/ids';
import { handle, paging, queryFlag, validate } from '../core/http';
import type { CmsDeps } from './deps';
import { actorOf, callerOf } from './deps';
import type { VariantRecord } from './model';
import { claimsProject, isPersonalizeMade, ownershipErrors } from './ownership';
import { presentVariant } from './present';
import { unwrap, variantCreateSchema } from './schemas';

const UNGROUPED = '';

const present = (v: VariantRecord): Record<string, unknown> => {
  const { variant_group_uid: group, ...rest } = presentVariant(v);
  return v.variant_group_uid === UNGROUPED ? rest : { ...rest, variant_group_uid: group };
};

/** `uids[]=a&uids[]=b`, `uids=a,b` or `uids=a`. */
const uidsParam = (req: Request): string[] | undefined => {
  const raw: unknown = req.query['uids'];
  if (raw === undefined) return undefined;
  const list = Array.isArray(raw) ? raw : [raw];
  return list.flatMap((v) => (typeof v === 'string' ? v.split(',') : [])).filter((v) => v !== '');
};

export const ungroupedVariantsRouter = (deps: CmsDeps): Router => {
  const router = Router();
  const { cms, ctx } = deps;

  const find = (apiKey: string, uid: string): VariantRecord => {
    const variant = cms.content(apiKey).variants[uid];
    if (variant === undefined) throw apiErrors.variantNotFound(uid);
    return variant;
  };

  router.get(
    '/variants',
    handle((req, res) => {
      const { stack } = callerOf(res);
      const uids = uidsParam(req);
      const all = Object.values(cms.content(stack.apiKey).variants).filter(
        (v) => uids === undefined || uids.includes(v.uid),
      );
      const { skip, limit } = paging(req);
      res.json({
        variants: all.slice(skip, skip + limit).map(present),
        ...(queryFlag(req, 'include_count') ? { count: all.length } : {}),
      });
    }),
  );

  router.get(
    '/variants/:uid',
    handle((req, res) => {
      const { stack } = callerOf(res);
      res.json({ variant: present(find(stack.apiKey, String(req.params['uid']))) });
    }),
  );

  router.post(
    '/variants',
    handle((req, res) => {
      const caller = callerOf(res);
      const input = validate(
        variantCreateSchema,
        unwrap(unwrap(req.body, 'variant'), 'data'),
        'Variant creation failed.',
        141,
      );
      // Only Personalize makes variants that claim the stack's connected project (see ownership.ts).
      if (claimsProject(input.personalize_metadata, deps.connectedProject(caller.stack.apiKey)))
        throw ownershipErrors.claim();
      const content = cms.content(caller.stack.apiKey);
      const uid = input.uid ?? csUid();
      const meta = input.personalize_metadata;
      const alias =
        input.alias ??
        (meta?.experience_short_uid !== undefined && meta.variant_short_uid !== undefined
          ? `cs_personalize_${meta.experience_short_uid}_${meta.variant_short_uid}`
          : uid);
      if (content.variants[uid] !== undefined)
        throw apiErrors.validation('Variant creation failed.', { uid: ['is not unique.'] }, 141);
      if (Object.values(content.variants).some((v) => v.alias === alias))
        throw apiErrors.validation('Variant creation failed.', { alias: ['is not unique.'] }, 141);
      const actor = actorOf(caller, ctx.clock.now());
      const variant: VariantRecord = {
        uid,
        name: input.name,
        variant_group_uid: UNGROUPED,
        alias,
        ...(meta === undefined ? {} : { personalize_metadata: meta }),
        created_at: actor.at,
        updated_at: actor.at,
        created_by: actor.uid,
        updated_by: actor.uid,
      };
      content.variants[uid] = variant;
      deps.changed();
      res.status(201).json({ notice: 'Variant created successfully.', variant: present(variant) });
    }),
  );

  router.delete(
    '/variants/:uid',
    handle((req, res) => {
      const { stack } = callerOf(res);
      const variant = find(stack.apiKey, String(req.params['uid']));
      if (isPersonalizeMade(variant)) throw ownershipErrors.variant();
      if (variant.variant_group_uid === UNGROUPED) {
        const content = cms.content(stack.apiKey);
        for (const [key, ev] of Object.entries(content.entryVariants))
          if (ev.variant_uid === variant.uid) delete content.entryVariants[key];
        delete content.variants[variant.uid];
      } else {
        cms.deleteVariant(stack.apiKey, variant.variant_group_uid, variant.uid);
      }
      deps.changed();
      res.json({ notice: 'Variant deleted successfully.' });
    }),
  );

  return router;
};
