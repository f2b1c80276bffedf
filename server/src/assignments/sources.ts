// The narrow ports the recompute use case reads through: only the calls it makes. http-sources.ts implements them
// over the Personalize and CMA HTTP APIs (the sandbox's in tests); unit tests hand in plain objects.
import type { Attribute, Audience, Experience, ExperienceVersion, PersonalizeEvent } from '@pb/shared';

export interface PersonalizeReadPort {
  listExperiences(): Promise<Experience[]>;
  listVersions(experienceUid: string): Promise<ExperienceVersion[]>;
  /** Experience uids, highest priority first. */
  priority(): Promise<string[]>;
  listAudiences(): Promise<Audience[]>;
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
