/**
 * The CMA shapes the UI reads (contentstack-apis.md §1), validated where they enter. Unknown keys pass through
 * untouched because entries carry arbitrary fields.
 */
import {
  contentTypeLinkSchema,
  variantGroupSchema as sharedVariantGroupSchema,
  variantSchema as sharedVariantSchema,
} from '@pb/shared/cms/variant-group';
import { z } from 'zod';

// The group and variant shapes are the domain's (`@pb/shared` cms/variant-group), which the server validates with
// too; the UI only defaults the lists it iterates, so an answer without them reads as empty.
export const variantSchema = sharedVariantSchema;

export const variantGroupSchema = sharedVariantGroupSchema.extend({
  content_types: z.array(contentTypeLinkSchema).default([]),
  variants: z.array(sharedVariantSchema).default([]),
});

export const variantGroupListSchema = z.looseObject({
  variant_groups: z.array(variantGroupSchema),
  count: z.number().optional(),
});

export const entryVariantMetaSchema = z.looseObject({
  _uid: z.string(),
  _change_set: z.array(z.string()).default([]),
});

export const entryVariantSchema = z.looseObject({
  uid: z.string().optional(),
  _version: z.number().optional(),
  _variant: entryVariantMetaSchema,
});

export const entryVariantListSchema = z.looseObject({
  entries: z.array(entryVariantSchema),
  count: z.number().optional(),
});

export const environmentListSchema = z.looseObject({
  environments: z.array(z.looseObject({ uid: z.string().optional(), name: z.string() })),
});

export const contentTypeListSchema = z.looseObject({
  content_types: z.array(z.looseObject({ uid: z.string(), title: z.string() })),
  count: z.number().optional(),
});

/** `GET /content_types/:ct/entries`, as far as a reference picker reads it. */
export const entryTitleListSchema = z.looseObject({
  entries: z.array(z.looseObject({ uid: z.string(), title: z.string().optional() })),
});

export type Variant = z.infer<typeof variantSchema>;
export type VariantGroup = z.infer<typeof variantGroupSchema>;
export type EntryVariant = z.infer<typeof entryVariantSchema>;

/** Names the failing field path, e.g. `variant_groups.0.uid: expected string`. */
