// Entry variants: an entry holding only the fields a variant overrides, plus `_variant` naming which paths it
// overrides (`_change_set`, see change-set.ts for the path grammar).
import { z } from 'zod';
import { isSafePath } from './entry-path';

/**
 * Change-set paths are non-empty dotted paths (`title`, `banner.cta`, `sections.cs1a2b.heading`); segments that
 * would reach an object's prototype (`__proto__`, `constructor`, `prototype`) are refused.
 */
export const changeSetPathSchema = z
  .string()
  .min(1)
  .refine(isSafePath, 'expected a dotted path without empty or reserved segments');

/** `_variant` as the CMA returns it on an entry variant. */
export const entryVariantMetaSchema = z.looseObject({
  /** The variant's uid. */
  _uid: z.string().min(1),
  _instance_uid: z.string().min(1).optional(),
  _change_set: z.array(changeSetPathSchema),
  _order: z.array(z.unknown()).optional(),
  /** Version of the base entry the variant was last written against. */
  _base_entry_version: z.number().int().min(1).optional(),
});
export type EntryVariantMeta = z.infer<typeof entryVariantMetaSchema>;

/** An entry variant as the CMA returns it (`GET .../variants/{variant}` → `{entry}`). */
export const entryVariantSchema = z.looseObject({
  uid: z.string().min(1),
  locale: z.string().min(1),
  _version: z.number().int().min(1).optional(),
  _variant: entryVariantMetaSchema,
});
export type EntryVariant = z.infer<typeof entryVariantSchema>;

/** Body of `PUT /content_types/{ct}/entries/{entry}/variants/{variant}`: overridden fields plus the change set. */
export const entryVariantUpsertSchema = z.looseObject({
  entry: z.looseObject({
    _variant: z.looseObject({ _change_set: z.array(changeSetPathSchema) }),
  }),
});
export type EntryVariantUpsert = z.infer<typeof entryVariantUpsertSchema>;
