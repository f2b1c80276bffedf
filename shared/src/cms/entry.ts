// An entry as the CMA and delivery return it. Field values are open (they depend on the content type); what we
// rely on is its identity (`uid`, `locale`, `_version`) and, inside groups and modular blocks, each item's
// `_metadata.uid`, which change sets use to address an item independently of its position.
import { z } from 'zod';

export const itemMetadataSchema = z.looseObject({ uid: z.string().min(1) });
export type ItemMetadata = z.infer<typeof itemMetadataSchema>;

export const entrySchema = z.looseObject({
  uid: z.string().min(1),
  title: z.string().optional(),
  locale: z.string().min(1),
  _version: z.number().int().min(1),
});
export type Entry = z.infer<typeof entrySchema>;

/** Field values of an entry, keyed by field uid: what change sets and merges work on. */
export type EntryFields = Record<string, unknown>;

/**
 * System keys that are not content: never part of a change set, never copied from a variant onto its base.
 * (`_metadata` is not here: inside groups/blocks it identifies an item and is compared, not diffed.)
 */
export const ENTRY_SYSTEM_KEYS: ReadonlySet<string> = new Set([
  'uid',
  'locale',
  '_version',
  '_variant',
  '_in_progress',
  'ACL',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
  'publish_details',
  '_workflow',
  '_branch',
  '_content_type_uid',
  '_embedded_items',
]);
