// The assignment table: everything needed to decide for one project, in priority order. It is plain JSON (the
// server stores it per project and hands it to every decision process), compiled once per change (compile.ts).
import { z } from 'zod';
import { bucketRangesSchema } from '../bucketing/ranges';
import { audienceSchema } from '../personalize/audience';
import { combinationTypeSchema, shortUidSchema, uidSchema } from '../personalize/common';

export const audienceReferenceSchema = z.object({
  /** Audience uids; an empty list means everyone for targeting and nobody for a segmented variant. */
  audiences: z.array(uidSchema),
  combinationType: combinationTypeSchema,
});
export type AudienceReference = z.infer<typeof audienceReferenceSchema>;

/** The CMS side of a variant: which entry variant content it shows. */
export const cmsVariantSchema = z.object({
  variantUid: uidSchema,
  /** `cs_personalize_<experienceShortUid>_<variantShortUid>`, the alias the delivery API filters by. */
  alias: z.string().min(1),
});
export type CmsVariant = z.infer<typeof cmsVariantSchema>;

const experienceBase = {
  experienceUid: uidSchema,
  shortUid: shortUidSchema,
  versionUid: uidSchema.optional(),
  /** Paused experiences stay in the manifest with no active variant, so the SDK renders the default content. */
  paused: z.boolean().optional(),
  targeting: audienceReferenceSchema,
};

export const segmentedAssignmentSchema = z.object({
  ...experienceBase,
  type: z.literal('SEGMENTED'),
  /** In version order: the first variant whose audiences match wins. */
  variants: z.array(
    z.object({ shortUid: shortUidSchema, audience: audienceReferenceSchema, cms: cmsVariantSchema.nullable() }),
  ),
});
export type SegmentedAssignment = z.infer<typeof segmentedAssignmentSchema>;

export const abTestAssignmentSchema = z.object({
  ...experienceBase,
  type: z.literal('AB_TEST'),
  /** The experience's own hash seed (its uid unless re-randomized). */
  seed: z.string().min(1),
  /** The version's split as bucket ranges (see bucketing/ranges.ts). */
  ranges: bucketRangesSchema,
  variants: z.array(
    z.object({
      shortUid: shortUidSchema,
      /** Configured share in percent, kept for display and the sample-ratio check; ranges decide. */
      trafficShare: z.number().min(0).max(100),
      cms: cmsVariantSchema.nullable(),
    }),
  ),
});
export type AbTestAssignment = z.infer<typeof abTestAssignmentSchema>;

export const experienceAssignmentSchema = z.discriminatedUnion('type', [
  segmentedAssignmentSchema,
  abTestAssignmentSchema,
]);
export type ExperienceAssignment = z.infer<typeof experienceAssignmentSchema>;

export const assignmentTableSchema = z.object({
  /** Highest priority first: the manifest lists experiences in this order. */
  experiences: z.array(experienceAssignmentSchema),
  /** Every audience the experiences reference. */
  audiences: z.array(audienceSchema),
  /** Custom attribute uid → key, so rules written against uids read visitors' attributes stored by key. */
  attributeKeys: z.record(z.string(), z.string()).optional(),
});
export type AssignmentTable = z.infer<typeof assignmentTableSchema>;
