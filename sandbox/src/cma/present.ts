/** How CMS records look on the wire (the CMA's snake_case JSON). */
import type {
  ContentTypeRecord,
  EntryLocaleRecord,
  EntryRecord,
  EntryVariantRecord,
  Fields,
  PublishRecord,
  VariantGroupRecord,
  VariantRecord,
} from './model';

export const presentContentType = (ct: ContentTypeRecord): Record<string, unknown> => ({
  uid: ct.uid,
  title: ct.title,
  description: ct.description,
  schema: ct.schema,
  options: ct.options,
  _version: ct._version,
  created_at: ct.created_at,
  updated_at: ct.updated_at,
  created_by: ct.created_by,
  updated_by: ct.updated_by,
});

export const presentPublishDetails = (records: PublishRecord[], locale: string) =>
  records
    .filter((p) => p.locale === locale && p.base !== undefined)
    .map((p) => ({
      environment: p.environment,
      locale: p.locale,
      time: p.base?.published_at,
      user: p.base?.user,
      version: p.base?.version,
    }));

export const presentEntry = (
  entry: EntryRecord,
  view: { locale: string; record: EntryLocaleRecord },
  publishes: PublishRecord[],
  fields: Fields = view.record.fields,
): Record<string, unknown> => ({
  uid: entry.uid,
  ...fields,
  tags: Array.isArray(fields['tags']) ? fields['tags'] : [],
  locale: view.locale,
  _version: view.record._version,
  ACL: {},
  _in_progress: false,
  created_at: view.record.created_at,
  updated_at: view.record.updated_at,
  created_by: view.record.created_by,
  updated_by: view.record.updated_by,
  publish_details: presentPublishDetails(publishes, view.locale),
});

export const presentVariant = (v: VariantRecord): Record<string, unknown> => ({
  uid: v.uid,
  name: v.name,
  variant_group_uid: v.variant_group_uid,
  alias: v.alias,
  ...(v.personalize_metadata === undefined ? {} : { personalize_metadata: v.personalize_metadata }),
  created_by: v.created_by,
  updated_by: v.updated_by,
  created_at: v.created_at,
  updated_at: v.updated_at,
});

export const presentVariantGroup = (
  g: VariantGroupRecord,
  variants: VariantRecord[],
  options: { includeVariants: boolean; includeCount: boolean },
): Record<string, unknown> => ({
  uid: g.uid,
  name: g.name,
  description: g.description,
  branches: g.branches,
  content_types: g.content_types,
  ...(g.personalize_metadata === undefined ? {} : { personalize_metadata: g.personalize_metadata }),
  created_by: g.created_by,
  updated_by: g.updated_by,
  created_at: g.created_at,
  updated_at: g.updated_at,
  ...(options.includeCount ? { variant_count: variants.length } : {}),
  ...(options.includeVariants ? { variants: variants.map(presentVariant) } : {}),
});

/** The `_variant` object the CMA adds to an entry seen through a variant. */
export const variantInfo = (ev: EntryVariantRecord): Record<string, unknown> => ({
  _uid: ev.variant_uid,
  _instance_uid: ev.instance_uid,
  _change_set: ev.change_set,
  _order: [],
  _base_entry_version: ev.base_entry_version,
});

export const presentEntryVariant = (ev: EntryVariantRecord, merged: Fields): Record<string, unknown> => ({
  uid: ev.entry_uid,
  ...merged,
  locale: ev.locale,
  _version: ev._version,
  created_at: ev.created_at,
  updated_at: ev.updated_at,
  created_by: ev.created_by,
  updated_by: ev.updated_by,
  _variant: variantInfo(ev),
});
