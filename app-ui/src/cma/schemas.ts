/**
 * The CMA shapes the UI reads (contentstack-apis.md §1), validated where they enter. Unknown keys pass through
 * untouched because entries carry arbitrary fields.
 */
import { z } from 'zod';

const personalizeMetadata = z.looseObject({
  project_uid: z.string().optional(),
  experience_uid: z.string().optional(),
  experience_short_uid: z.string().optional(),
  variant_short_uid: z.string().optional(),
  status: z.string().optional(),
});

export const variantSchema = z.looseObject({
  uid: z.string(),
  name: z.string(),
  alias: z.string().optional(),
  personalize_metadata: personalizeMetadata.optional(),
});

export const variantGroupSchema = z.looseObject({
  uid: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  content_types: z.array(z.looseObject({ uid: z.string(), status: z.string().optional() })).default([]),
  personalize_metadata: personalizeMetadata.nullish(),
  variants: z.array(variantSchema).default([]),
  variant_count: z.number().optional(),
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

export type Variant = z.infer<typeof variantSchema>;
export type VariantGroup = z.infer<typeof variantGroupSchema>;
export type EntryVariant = z.infer<typeof entryVariantSchema>;

/** Names the failing field path, e.g. `variant_groups.0.uid: expected string`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
}
