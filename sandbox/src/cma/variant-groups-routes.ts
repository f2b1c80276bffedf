import { Router } from 'express';
import type { Request, Response } from 'express';
import { apiErrors } from '../core/errors';
import { handle, paging, queryFlag, queryString, validate } from '../core/http';
import type { CmsDeps } from './deps';
import { actorOf, callerOf } from './deps';
import type { VariantGroupRecord } from './model';
import { presentVariant, presentVariantGroup } from './present';
import {
  linkBodySchema,
  unwrap,
  variantCreateSchema,
  variantGroupCreateSchema,
  variantGroupUpdateSchema,
  variantUpdateSchema,
} from './schemas';

const SORTABLE = ['uid', 'name', 'created_at', 'updated_at'] as const;
type SortField = (typeof SORTABLE)[number];
const isSortField = (value: string | undefined): value is SortField => SORTABLE.some((f) => f === value);

/** `asc=<field>` / `desc=<field>` over the group's string fields; creation order otherwise. */
const sortBy = (req: Request): ((a: VariantGroupRecord, b: VariantGroupRecord) => number) => {
  const asc = queryString(req, 'asc');
  const desc = queryString(req, 'desc');
  const requested = desc ?? asc;
  const field: SortField = isSortField(requested) ? requested : 'created_at';
  const dir = desc !== undefined ? -1 : 1;
  return (a, b) => a[field].localeCompare(b[field]) * dir;
};

export const variantGroupsRouter = (deps: CmsDeps): Router => {
  const router = Router();
  const { cms, ctx } = deps;

  const groupJson = (apiKey: string, group: VariantGroupRecord, full = true) =>
    presentVariantGroup(group, cms.variantsOf(apiKey, group.uid), { includeVariants: full, includeCount: full });

  router.get(
    '/variant_groups',
    handle((req, res) => {
      const { stack } = callerOf(res);
      const { skip, limit } = paging(req);
      const ct = queryString(req, 'content_type');
      const name = queryString(req, 'name');
      const groups = cms
        .variantGroups(stack.apiKey)
        .filter((g) => ct === undefined || g.content_types.some((c) => c.uid === ct))
        .filter((g) => name === undefined || g.name === name)
        .sort(sortBy(req));
      res.json({
        variant_groups: groups.slice(skip, skip + limit).map((g) =>
          presentVariantGroup(g, cms.variantsOf(stack.apiKey, g.uid), {
            includeVariants: queryFlag(req, 'include_variant_info'),
            includeCount: queryFlag(req, 'include_variant_count') || queryFlag(req, 'include_variant_info'),
          }),
        ),
        ...(queryFlag(req, 'include_count') ? { count: groups.length } : {}),
      });
    }),
  );

  router.get(
    '/variant_groups/:group',
    handle((req, res) => {
      const { stack } = callerOf(res);
      res.json(groupJson(stack.apiKey, cms.variantGroup(stack.apiKey, String(req.params['group']))));
    }),
  );

  router.post(
    '/variant_groups',
    handle((req, res) => {
      const caller = callerOf(res);
      const input = validate(
        variantGroupCreateSchema,
        unwrap(req.body, 'variant_group'),
        'Variant group creation failed.',
        141,
      );
      const links = input.content_types.filter((l) => l.status === 'linked').map((l) => l.uid);
      const group = cms.createVariantGroup(
        caller.stack.apiKey,
        {
          uid: input.uid,
          name: input.name,
          description: input.description,
          content_types: links,
          personalize_metadata: input.personalize_metadata,
        },
        actorOf(caller, ctx.clock.now()),
      );
      deps.changed();
      res.status(201).json(groupJson(caller.stack.apiKey, group));
    }),
  );

  router.put(
    '/variant_groups/:group',
    handle((req, res) => {
      const caller = callerOf(res);
      const uid = String(req.params['group']);
      cms.variantGroup(caller.stack.apiKey, uid);
      const input = validate(
        variantGroupUpdateSchema,
        unwrap(req.body, 'variant_group'),
        'Variant group update failed.',
        141,
      );
      const group = cms.updateVariantGroup(
        caller.stack.apiKey,
        uid,
        {
          name: input.name,
          description: input.description,
          links: input.content_types,
          personalize_metadata: input.personalize_metadata,
        },
        actorOf(caller, ctx.clock.now()),
      );
      deps.changed();
      res.json({ ...groupJson(caller.stack.apiKey, group), notice: 'Variant group updated successfully.' });
    }),
  );

  router.delete(
    '/variant_groups/:group',
    handle((req, res) => {
      const { stack } = callerOf(res);
      cms.deleteVariantGroup(stack.apiKey, String(req.params['group']));
      deps.changed();
      res.json({ notice: 'Variant group and its variants deleted successfully.' });
    }),
  );

  /** `PUT|POST /variant_groups/{uid}/variants` with `content_types` links or unlinks content types. */
  const linkContentTypes = (req: Request, res: Response): void => {
    const caller = callerOf(res);
    const uid = String(req.params['group']);
    cms.variantGroup(caller.stack.apiKey, uid);
    const input = validate(linkBodySchema, req.body, 'Variant group update failed.', 141);
    const group = cms.updateVariantGroup(
      caller.stack.apiKey,
      uid,
      { links: input.content_types },
      actorOf(caller, ctx.clock.now()),
    );
    deps.changed();
    res.json({ ...groupJson(caller.stack.apiKey, group), message: 'Variant group updated successfully.' });
  };

  const isLinkBody = (body: unknown): boolean =>
    typeof body === 'object' && body !== null && 'content_types' in body && !('name' in body) && !('variant' in body);

  router.put('/variant_groups/:group/variants', handle(linkContentTypes));

  router.get(
    '/variant_groups/:group/variants',
    handle((req, res) => {
      const { stack } = callerOf(res);
      const groupUid = String(req.params['group']);
      cms.variantGroup(stack.apiKey, groupUid);
      const { skip, limit } = paging(req);
      const variants = cms.variantsOf(stack.apiKey, groupUid);
      res.json({
        uid: groupUid,
        variants: variants.slice(skip, skip + limit).map(presentVariant),
        ...(queryFlag(req, 'include_count') || queryFlag(req, 'count') ? { count: variants.length } : {}),
      });
    }),
  );

  router.post(
    '/variant_groups/:group/variants',
    handle((req, res) => {
      if (isLinkBody(req.body)) {
        linkContentTypes(req, res);
        return;
      }
      const caller = callerOf(res);
      const groupUid = String(req.params['group']);
      cms.variantGroup(caller.stack.apiKey, groupUid);
      const input = validate(variantCreateSchema, unwrap(req.body, 'variant'), 'Variant creation failed.', 141);
      const variant = cms.createVariant(
        caller.stack.apiKey,
        groupUid,
        { uid: input.uid, name: input.name, alias: input.alias, personalize_metadata: input.personalize_metadata },
        actorOf(caller, ctx.clock.now()),
      );
      deps.changed();
      res.status(201).json(presentVariant(variant));
    }),
  );

  router.get(
    '/variant_groups/:group/variants/:variant',
    handle((req, res) => {
      const { stack } = callerOf(res);
      res.json(presentVariant(cms.variant(stack.apiKey, String(req.params['group']), String(req.params['variant']))));
    }),
  );

  router.put(
    '/variant_groups/:group/variants/:variant',
    handle((req, res) => {
      const caller = callerOf(res);
      const groupUid = String(req.params['group']);
      const uid = String(req.params['variant']);
      cms.variant(caller.stack.apiKey, groupUid, uid);
      const input = validate(variantUpdateSchema, unwrap(req.body, 'variant'), 'Variant update failed.', 141);
      if (input.name === undefined && input.personalize_metadata === undefined) {
        throw apiErrors.validation('Variant update failed.', { name: ['is required.'] }, 141);
      }
      const variant = cms.updateVariant(
        caller.stack.apiKey,
        groupUid,
        uid,
        { name: input.name, personalize_metadata: input.personalize_metadata },
        actorOf(caller, ctx.clock.now()),
      );
      deps.changed();
      res.json(presentVariant(variant));
    }),
  );

  router.delete(
    '/variant_groups/:group/variants/:variant',
    handle((req, res) => {
      const { stack } = callerOf(res);
      cms.deleteVariant(stack.apiKey, String(req.params['group']), String(req.params['variant']));
      deps.changed();
      res.json({ notice: 'Variant deleted successfully.' });
    }),
  );

  return router;
};
