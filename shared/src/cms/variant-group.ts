// Variant groups and their variants (CMA, snake_case JSON). A group mirrored from Personalize carries
// `personalize_metadata`; groups made by hand in the CMS do not.
import { z } from 'zod';

const uid = z.string().min(1, 'expected a non-empty uid');
const shortUid = z.string().regex(/^(0|[1-9]\d*)$/, 'expected an integer string such as "0" or "12"');

export const linkStatusSchema = z.enum(['linked', 'unlinked']);
export type LinkStatus = z.infer<typeof linkStatusSchema>;

export const personalizeMetadataSchema = z.looseObject({
  project_uid: uid,
  experience_uid: uid,
  experience_short_uid: shortUid,
  /** Present on variants only. */
  variant_short_uid: shortUid.optional(),
  status: linkStatusSchema.optional(),
});
export type PersonalizeMetadata = z.infer<typeof personalizeMetadataSchema>;

export const contentTypeLinkSchema = z.looseObject({ uid, status: linkStatusSchema });
export type ContentTypeLink = z.infer<typeof contentTypeLinkSchema>;

export const variantSchema = z.looseObject({
  uid,
  name: z.string().min(1),
  variant_group_uid: uid.optional(),
  /** `cs_personalize_<experienceShortUid>_<variantShortUid>` for variants made by Personalize. */
  alias: z.string().min(1).optional(),
  personalize_metadata: personalizeMetadataSchema.nullish(),
});
export type Variant = z.infer<typeof variantSchema>;

export const variantGroupSchema = z.looseObject({
  uid,
  name: z.string().min(1),
  description: z.string().nullish(),
  branches: z.array(z.string()).optional(),
  content_types: z.array(contentTypeLinkSchema),
  personalize_metadata: personalizeMetadataSchema.nullish(),
  variant_count: z.number().int().min(0).optional(),
  variants: z.array(variantSchema).optional(),
});
export type VariantGroup = z.infer<typeof variantGroupSchema>;

/** `GET /variant_groups` answer. */
export const variantGroupListSchema = z.looseObject({
  variant_groups: z.array(variantGroupSchema),
  count: z.number().int().min(0).optional(),
});
export type VariantGroupList = z.infer<typeof variantGroupListSchema>;
