/** Request bodies the CMA accepts. Unknown keys are ignored (as the CMA does); known keys of the wrong type are 422. */
import { z } from 'zod';

const schemaField: z.ZodType<Record<string, unknown>> = z.lazy(() =>
  z
    .object({
      uid: z.string().min(1),
      data_type: z.string().min(1),
      display_name: z.string().optional(),
      mandatory: z.boolean().optional(),
      multiple: z.boolean().optional(),
      unique: z.boolean().optional(),
      schema: z.array(schemaField).optional(),
      blocks: z
        .array(
          z
            .object({ uid: z.string().min(1), title: z.string().optional(), schema: z.array(schemaField).optional() })
            .loose(),
        )
        .optional(),
    })
    .loose(),
);

export const contentTypeCreateSchema = z.object({
  content_type: z
    .object({
      uid: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must start with a lowercase letter and hold only a-z, 0-9 and _'),
      title: z.string().min(1),
      description: z.string().optional(),
      schema: z.array(schemaField),
      options: z.record(z.string(), z.unknown()).optional(),
    })
    .loose(),
});

export const contentTypeUpdateSchema = z.object({
  content_type: z
    .object({
      title: z.string().min(1).optional(),
      description: z.string().optional(),
      schema: z.array(schemaField).optional(),
      options: z.record(z.string(), z.unknown()).optional(),
    })
    .loose(),
});

export const entryBodySchema = z.object({ entry: z.record(z.string(), z.unknown()) });

const personalizeMetadata = z
  .object({
    project_uid: z.string().optional(),
    experience_uid: z.string().optional(),
    experience_short_uid: z.string().optional(),
    variant_short_uid: z.string().optional(),
    status: z.string().optional(),
  })
  .loose();

const contentTypeLink = z.union([
  z
    .string()
    .min(1)
    .transform((uid) => ({ uid, status: 'linked' as const })),
  z.object({ uid: z.string().min(1), status: z.enum(['linked', 'unlinked']).default('linked') }),
]);

const groupFields = z
  .object({
    uid: z.string().min(1).optional(),
    name: z.string().min(1),
    description: z.string().optional(),
    content_types: z.array(contentTypeLink).default([]),
    personalize_metadata: personalizeMetadata.optional(),
  })
  .loose();

/** Create accepts the flat body the SDK sends and the `{variant_group: {...}}` the docs show (see `unwrap`). */
export const variantGroupCreateSchema = groupFields;

const groupUpdateFields = z
  .object({
    name: z.string().min(1).optional(),
    description: z.string().optional(),
    content_types: z.array(contentTypeLink).optional(),
    personalize_metadata: personalizeMetadata.optional(),
  })
  .loose();

export const variantGroupUpdateSchema = groupUpdateFields;

/** The link/unlink body of `PUT|POST /variant_groups/{uid}/variants`. */
export const linkBodySchema = z
  .object({
    content_types: z.array(contentTypeLink).min(1),
    uid: z.string().optional(),
    branches: z.array(z.string()).optional(),
  })
  .loose();

const variantFields = z
  .object({
    uid: z.string().min(1).optional(),
    name: z.string().min(1),
    alias: z.string().min(1).optional(),
    personalize_metadata: personalizeMetadata.optional(),
  })
  .loose();

export const variantCreateSchema = variantFields;

const variantUpdateFields = z
  .object({ name: z.string().min(1).optional(), personalize_metadata: personalizeMetadata.optional() })
  .loose();

export const variantUpdateSchema = variantUpdateFields;

/** `{<key>: {...}}` → the inner object; a flat body stays as it is. */
export const unwrap = (body: unknown, key: string): unknown => {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const inner = (body as Record<string, unknown>)[key];
    if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) return inner;
  }
  return body;
};

export const entryVariantBodySchema = z.object({
  entry: z
    .object({
      _variant: z
        .object({ _change_set: z.array(z.string().min(1)).optional() })
        .loose()
        .optional(),
    })
    .loose(),
});

export const publishBodySchema = z.object({
  entry: z
    .object({
      environments: z.array(z.string().min(1)).min(1),
      locales: z.array(z.string().min(1)).min(1),
      variants: z
        .array(z.object({ uid: z.string().min(1), version: z.number().int().positive().optional() }).loose())
        .optional(),
      variant_rules: z
        .object({
          publish_latest_base: z.boolean().optional(),
          publish_latest_base_conditionally: z.boolean().optional(),
        })
        .loose()
        .optional(),
    })
    .loose(),
  locale: z.string().optional(),
  version: z.number().int().optional(),
  scheduled_at: z.string().optional(),
});
