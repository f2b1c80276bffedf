/** The CMS state of one sandbox, kept as plain JSON so it snapshots and persists as it is. */
export type Fields = Record<string, unknown>;

export interface SchemaField {
  uid: string;
  data_type: string;
  display_name?: string;
  mandatory?: boolean;
  multiple?: boolean;
  unique?: boolean;
  schema?: SchemaField[];
  blocks?: { uid: string; title?: string; schema?: SchemaField[] }[];
  [key: string]: unknown;
}

export interface Audit {
  created_at: string;
  updated_at: string;
  created_by: string;
  updated_by: string;
}

export interface ContentTypeRecord extends Audit {
  uid: string;
  title: string;
  description: string;
  schema: SchemaField[];
  options: Record<string, unknown>;
  _version: number;
}

export interface EntryLocaleRecord extends Audit {
  fields: Fields;
  _version: number;
}

export interface EntryRecord {
  uid: string;
  content_type_uid: string;
  /** The master-locale version is always present; others exist once localized. */
  locales: Record<string, EntryLocaleRecord>;
}

export interface PublishedVariant {
  version: number;
  fields: Fields;
  change_set: string[];
  published_at: string;
  user: string;
}

export interface PublishRecord {
  entry_uid: string;
  content_type_uid: string;
  environment: string;
  locale: string;
  /** Absent when only variants were published (the base stays unpublished). */
  base?: { version: number; fields: Fields; published_at: string; user: string };
  variants: Record<string, PublishedVariant>;
}

export interface LinkedContentType {
  uid: string;
  status: 'linked';
}

export interface PersonalizeMetadata {
  project_uid?: string | undefined;
  experience_uid?: string | undefined;
  experience_short_uid?: string | undefined;
  variant_short_uid?: string | undefined;
  status?: string | undefined;
  [key: string]: unknown;
}

/**
 * Who made a group or variant. `personalize`: Personalize's CMS sync, which owns its name, description and
 * variants (CMA clients may only link content types). Internal: saved in the state file, never answered.
 * Absent on everything made through the CMA.
 */
export type Origin = 'personalize';

export interface VariantGroupRecord extends Audit {
  uid: string;
  name: string;
  description: string;
  branches: string[];
  content_types: LinkedContentType[];
  personalize_metadata?: PersonalizeMetadata;
  origin?: Origin;
}

export interface VariantRecord extends Audit {
  uid: string;
  name: string;
  variant_group_uid: string;
  alias: string;
  personalize_metadata?: PersonalizeMetadata;
  origin?: Origin;
}

export interface EntryVariantRecord extends Audit {
  content_type_uid: string;
  entry_uid: string;
  variant_uid: string;
  locale: string;
  /** Only the overridden fields, as the client sent them. */
  fields: Fields;
  change_set: string[];
  _version: number;
  versions: number[];
  instance_uid: string;
  base_entry_version: number;
}

export interface StackContent {
  contentTypes: Record<string, ContentTypeRecord>;
  entries: Record<string, EntryRecord>;
  /** Keyed `${entry}|${environment}|${locale}`. */
  publishes: Record<string, PublishRecord>;
  variantGroups: Record<string, VariantGroupRecord>;
  variants: Record<string, VariantRecord>;
  /** Keyed `${entry}|${variant}|${locale}`. */
  entryVariants: Record<string, EntryVariantRecord>;
}

export interface CmsState {
  stacks: Record<string, StackContent>;
}

export const emptyStackContent = (): StackContent => ({
  contentTypes: {},
  entries: {},
  publishes: {},
  variantGroups: {},
  variants: {},
  entryVariants: {},
});

export const publishKey = (entryUid: string, environment: string, locale: string): string =>
  `${entryUid}|${environment}|${locale}`;

export const entryVariantKey = (entryUid: string, variantUid: string, locale: string): string =>
  `${entryUid}|${variantUid}|${locale}`;
