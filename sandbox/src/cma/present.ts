/** How CMS records look on the wire (the CMA's snake_case JSON). */
import { createHash } from 'node:crypto';
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

/**
 * The uid of a stack's environment, as `publish_details[].environment` names it (Contentstack gives the environment's
 * uid there, not its name; publish records keep the name, which is what publish requests and the CDA's
 * `environment=` speak). Derived from the stack and the name so it is stable across restarts; the same derivation as
 * `GET /v3/environments` answers (stack-routes.ts), so the two agree.
 */
export const environmentUid = (apiKey: string, name: string): string =>
  `blt${createHash('sha256').update(`${apiKey}/env/${name}`).digest('hex').slice(0, 16)}`;

export const presentPublishDetails = (apiKey: string, records: PublishRecord[], locale: string) =>
  records
    .filter((p) => p.locale === locale && p.base !== undefined)
    .map((p) => ({
      environment: environmentUid(apiKey, p.environment),
      locale: p.locale,
      time: p.base?.published_at,
      user: p.base?.user,
      version: p.base?.version,
    }));

/** Where an entry variant is published: one item per environment holding it, like the base entry's list. */
export const presentVariantPublishDetails = (apiKey: string, records: PublishRecord[], ev: EntryVariantRecord) =>
  records.flatMap((p) => {
    const published = p.locale === ev.locale ? p.variants[ev.variant_uid] : undefined;
    return published === undefined
      ? []
      : [
          {
            environment: environmentUid(apiKey, p.environment),
            locale: p.locale,
            time: published.published_at,
            user: published.user,
            version: published.version,
          },
        ];
  });

export const presentEntry = (
  apiKey: string,
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
  publish_details: presentPublishDetails(apiKey, publishes, view.locale),
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

export const presentEntryVariant = (
  apiKey: string,
  ev: EntryVariantRecord,
  merged: Fields,
  publishes: PublishRecord[],
): Record<string, unknown> => ({
  uid: ev.entry_uid,
  ...merged,
  locale: ev.locale,
  _version: ev._version,
  created_at: ev.created_at,
  updated_at: ev.updated_at,
  created_by: ev.created_by,
  updated_by: ev.updated_by,
  _variant: variantInfo(ev),
  publish_details: presentVariantPublishDetails(apiKey, publishes, ev),
});
