// The narrow ports the recompute use case reads through: only the calls it makes. http-sources.ts implements them
// over the Personalize and CMA HTTP APIs (the sandbox's in tests); unit tests hand in plain objects.
import type { Attribute, PersonalizeEvent } from '@pb/shared';

/**
 * Experiences, versions and audiences come back as the API answered them (each item unparsed): the use case reads
 * every record on its own (shared/decision/readable.ts), so one it cannot understand is left out with a reason
 * instead of failing the whole list. Attributes and events only refine what is served, so unreadable ones are dropped.
 */
export interface PersonalizeReadPort {
  listExperiences(): Promise<unknown[]>;
  listVersions(experienceUid: string): Promise<unknown[]>;
  /** Experience uids, highest priority first. */
  priority(): Promise<string[]>;
  listAudiences(): Promise<unknown[]>;
  listAttributes(): Promise<Attribute[]>;
  listEvents(): Promise<PersonalizeEvent[]>;
}

export interface CoverageReadPort {
  /** Content types linked to the variant group; null when the group does not exist. */
  linkedContentTypes(variantGroupUid: string): Promise<string[] | null>;
  /** Entry uids of a content type, all pages. */
  listEntryUids(contentTypeUid: string): Promise<string[]>;
  /** CMS variant uids that have an entry variant on this entry, all pages. */
  entryVariantUids(contentTypeUid: string, entryUid: string): Promise<string[]>;
}
