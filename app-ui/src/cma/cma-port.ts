/**
 * Every CMA call the locations make, and nothing else. The production adapter sends them through the SDK's host
 * proxy (so credentials stay with the CMS); tests hand in a fake.
 */
import type { JsonObject } from '@pb/shared/cms/entry-path';
import type { Result } from '../core/result';
import type { EntryVariant, VariantGroup } from './schemas';

export interface EntryRef {
  contentTypeUid: string;
  entryUid: string;
  locale: string;
}

export interface CmaPort {
  /** Groups linked to the content type (or every group when `contentTypeUid` is absent), variants included. */
  listVariantGroups(filter: { contentTypeUid?: string }): Promise<Result<VariantGroup[]>>;
  /** Links or unlinks a content type; this applies to every entry of that type. */
  setContentTypeLink(
    group: VariantGroup,
    contentTypeUid: string,
    status: 'linked' | 'unlinked',
  ): Promise<Result<VariantGroup>>;
  /** The entry variants this entry has (one per variant at most). */
  listEntryVariants(entry: EntryRef): Promise<Result<EntryVariant[]>>;
  /** One entry variant as the CMA returns it (the merged entry with its `_variant`). */
  getEntryVariant(entry: EntryRef, variantUid: string): Promise<Result<JsonObject & EntryVariant>>;
  /** Creates or updates: `fields` holds only the overridden top-level fields. */
  putEntryVariant(
    entry: EntryRef,
    variantUid: string,
    fields: JsonObject,
    changeSet: string[],
  ): Promise<Result<{ notice: string }>>;
  deleteEntryVariant(entry: EntryRef, variantUid: string): Promise<Result<{ notice: string }>>;
  publishEntryVariant(
    entry: EntryRef,
    request: { environments: string[]; variants: { uid: string; version?: number }[] },
  ): Promise<Result<{ notice: string }>>;
  listEnvironments(): Promise<Result<string[]>>;
  listContentTypes(): Promise<Result<{ uid: string; title: string }[]>>;
  /** Entries of one content type in a locale (the first 100), to choose references from. */
  listEntries(contentTypeUid: string, locale: string): Promise<Result<{ uid: string; title: string }[]>>;
}
