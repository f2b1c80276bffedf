import { Router } from 'express';
import type { Request, Response } from 'express';
import { apiErrors } from '../core/errors';
import { handle, paging, queryFlag, queryString, validate } from '../core/http';
import type { CmsDeps } from './deps';
import { actorOf, callerOf } from './deps';
import type { VariantGroupRecord } from './model';
import { claimsProject, isPersonalizeMade, ownershipErrors, sameMetadata } from './ownership';
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
      // How the official CLI finds an experience's group: `?experience_uid=` matches personalize_metadata.
      const experience = queryString(req, 'experience_uid');
      const groups = cms
        .variantGroups(stack.apiKey)
        .filter((g) => ct === undefined || g.content_types.some((c) => c.uid === ct))
        .filter((g) => name === undefined || g.name === name)
        .filter((g) => experience === undefined || g.personalize_metadata?.experience_uid === experience)
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
      if (claimsProject(input.personalize_metadata, deps.connectedProject(caller.stack.apiKey)))
        throw ownershipErrors.claim();
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
      const current = cms.variantGroup(caller.stack.apiKey, uid);
      const input = validate(
        variantGroupUpdateSchema,
        unwrap(req.body, 'variant_group'),
        'Variant group update failed.',
        141,
      );
      if (isPersonalizeMade(current)) {
        // Linking content types is the one change people make to Personalize's groups; the body carries the
        // group's current name, as the real API requires a name on this PUT.
        if (input.name === undefined)
          throw apiErrors.validation('Name or content types is required.', { name: ['is required.'] }, 141);
        if (input.name !== current.name) throw ownershipErrors.groupField('name');
        if (input.description !== undefined && input.description !== current.description)
          throw ownershipErrors.groupField('description');
        if (
          input.personalize_metadata !== undefined &&
          !sameMetadata(input.personalize_metadata, current.personalize_metadata)
        )
          throw ownershipErrors.groupField('personalize_metadata');
      } else if (claimsProject(input.personalize_metadata, deps.connectedProject(caller.stack.apiKey))) {
        throw ownershipErrors.claim();
      }
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
      const uid = String(req.params['group']);
      if (isPersonalizeMade(cms.variantGroup(stack.apiKey, uid))) throw ownershipErrors.groupDelete();
      cms.deleteVariantGroup(stack.apiKey, uid);
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
      const group = cms.variantGroup(caller.stack.apiKey, groupUid);
      if (isPersonalizeMade(group)) throw ownershipErrors.variant();
      const input = validate(variantCreateSchema, unwrap(req.body, 'variant'), 'Variant creation failed.', 141);
      if (claimsProject(input.personalize_metadata, deps.connectedProject(caller.stack.apiKey)))
        throw ownershipErrors.claim();
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
      const current = cms.variant(caller.stack.apiKey, groupUid, uid);
      const input = validate(variantUpdateSchema, unwrap(req.body, 'variant'), 'Variant update failed.', 141);
      if (input.name === undefined && input.personalize_metadata === undefined) {
        throw apiErrors.validation('Variant update failed.', { name: ['is required.'] }, 141);
      }
      if (isPersonalizeMade(current) || isPersonalizeMade(cms.variantGroup(caller.stack.apiKey, groupUid))) {
        const renames = input.name !== undefined && input.name !== current.name;
        const redescribes =
          input.personalize_metadata !== undefined &&
          !sameMetadata(input.personalize_metadata, current.personalize_metadata);
        if (renames || redescribes) throw ownershipErrors.variant();
      } else if (claimsProject(input.personalize_metadata, deps.connectedProject(caller.stack.apiKey))) {
        throw ownershipErrors.claim();
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
      const groupUid = String(req.params['group']);
      const variant = cms.variant(stack.apiKey, groupUid, String(req.params['variant']));
      if (isPersonalizeMade(variant) || isPersonalizeMade(cms.variantGroup(stack.apiKey, groupUid)))
        throw ownershipErrors.variant();
      cms.deleteVariant(stack.apiKey, groupUid, variant.uid);
      deps.changed();
      res.json({ notice: 'Variant deleted successfully.' });
    }),
  );

  return router;
};
