// The installation's configuration, as the configuration screen saves it (`configuration` is public: every app
// location reads it) and as the server acts on it. One contract for both sides: the screen validates what it saves
// with the same values and the server reads its mirror section with the same schema.
import { z } from 'zod';

/** Regions as the app platform names them (the server's own region names are lower-case: `na`, `eu`, …). */
export const PLATFORM_REGIONS = ['NA', 'EU', 'AU', 'AZURE_NA', 'AZURE_EU', 'GCP_NA', 'GCP_EU'] as const;
export type PlatformRegion = (typeof PLATFORM_REGIONS)[number];

/**
 * What happens to the variant group of a deleted experience. Personalize leaves the group behind and the app never
 * deletes what Personalize made: keep it and report it, or also unlink its content types so no author writes to it.
 */
export const DELETED_EXPERIENCE_POLICIES = ['keep', 'unlink-content-types'] as const;
export type DeletedExperiencePolicy = (typeof DELETED_EXPERIENCE_POLICIES)[number];
export const deletedExperiencePolicySchema = z.enum(DELETED_EXPERIENCE_POLICIES);

/**
 * Values saved before Personalize's own sync was followed said `unlink` (keep the group) or `delete` (take it out of
 * use); they read as the nearest policy that writes nothing Personalize owns.
 */
export const LEGACY_DELETED_EXPERIENCE: Readonly<Record<string, DeletedExperiencePolicy>> = {
  unlink: 'keep',
  delete: 'unlink-content-types',
};

const storedDeletedExperiencePolicy = z
  .enum([...DELETED_EXPERIENCE_POLICIES, 'unlink', 'delete'])
  .transform((v): DeletedExperiencePolicy => LEGACY_DELETED_EXPERIENCE[v] ?? (v as DeletedExperiencePolicy));

/** A content type uid as the CMA allows it. */
export const contentTypeUidSchema = z.string().regex(/^[a-z0-9_]{1,64}$/, 'expected a content type uid');

export const MAX_AUTO_LINK_CONTENT_TYPES = 100;

/** The mirror section as stored (lenient: other keys pass, legacy policy values read as today's). */
export const installationMirrorSectionSchema = z.looseObject({
  mirror: z.looseObject({
    deleted_experience: storedDeletedExperiencePolicy.optional(),
    auto_link_content_types: z.array(contentTypeUidSchema).max(MAX_AUTO_LINK_CONTENT_TYPES).optional(),
  }),
});
export type InstallationMirrorSection = z.infer<typeof installationMirrorSectionSchema>;
