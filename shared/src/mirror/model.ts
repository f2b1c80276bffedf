// What the mirror planner reads and returns. These are narrow views, not the full API shapes: adapters parse the
// Personalize and CMA payloads with the domain schemas and project them onto these, so the planner stays pure and
// its case files stay small.
import { z } from 'zod';
import { isShortUid } from '../cms/alias';
import type { Variant, VariantGroup } from '../cms/variant-group';

const shortUid = z.string().refine(isShortUid, 'expected an integer short uid');

/** The experience version the mirror follows: its ACTIVE version when there is one, else the latest. */
export const mirroredExperienceSchema = z.object({
  uid: z.string().min(1),
  shortUid,
  name: z.string(),
  description: z.string().default(''),
  versionUid: z.string().min(1),
  versionStatus: z.string(),
  variants: z.array(z.object({ shortUid, name: z.string() })),
  /** Content types the experience lists; the group is linked to each. */
  contentTypes: z.array(z.string().min(1)).default([]),
  /** The experience's current `_cms` link, if any (to decide whether it must be written back). */
  cmsLink: z
    .object({ variantGroup: z.string(), variants: z.record(z.string(), z.string()) })
    .nullable()
    .default(null),
});
export type MirroredExperience = z.infer<typeof mirroredExperienceSchema>;

/** A CMS variant group as the CMA lists it, with its variants (`include_variant_info=true`). */
export type GroupSnapshot = VariantGroup;
export type GroupVariant = Variant;

export interface MirrorPolicy {
  /** `delete-unused`: a variant gone from the experience is deleted unless an entry variant uses it. `keep`: never delete. */
  removedVariants: 'delete-unused' | 'keep';
  /** What a deleted experience does to its group. */
  deletedExperience: 'unlink' | 'delete';
}

export const defaultMirrorPolicy: MirrorPolicy = { removedVariants: 'delete-unused', deletedExperience: 'unlink' };

export interface MirrorInput {
  projectUid: string;
  experienceUid: string;
  /** null when the experience no longer exists in Personalize. */
  experience: MirroredExperience | null;
  /** Every variant group of the stack (the planner finds the linked one and any duplicates). */
  groups: readonly GroupSnapshot[];
  /** CMS variant uids that at least one entry variant uses (only the removal candidates need to be checked). */
  variantsInUse: readonly string[];
  policy: MirrorPolicy;
}

// Type aliases, not interfaces: they must stay assignable to the CMA schemas' loose (index-signature) objects.
export type MirrorMetadata = {
  project_uid: string;
  experience_uid: string;
  experience_short_uid: string;
  status: 'linked' | 'unlinked';
};

export type VariantMirrorMetadata = MirrorMetadata & { variant_short_uid: string };

/**
 * One CMA (or Personalize) write. `groupUid: null` means "the group created earlier in this plan": its uid is only
 * known once the create call answers.
 */
export type MirrorOperation =
  | { op: 'create-group'; name: string; description: string; personalizeMetadata: MirrorMetadata }
  | { op: 'update-group'; groupUid: string; name: string; description: string }
  | { op: 'link-content-types'; groupUid: string | null; name: string; contentTypes: string[] }
  | {
      op: 'add-variant';
      groupUid: string | null;
      shortUid: string;
      name: string;
      alias: string;
      personalizeMetadata: VariantMirrorMetadata;
    }
  | { op: 'rename-variant'; groupUid: string; variantUid: string; name: string }
  | { op: 'delete-variant'; groupUid: string; variantUid: string }
  | { op: 'unlink-group'; groupUid: string; name: string; personalizeMetadata: MirrorMetadata }
  | { op: 'delete-group'; groupUid: string }
  /** Writes the experience's `_cms` link; the apply step fills in uids the plan could not know. */
  | { op: 'write-cms-link'; experienceUid: string };

export type MirrorReport =
  | { kind: 'orphaned-variant'; groupUid: string; variantUid: string; reason: 'used-by-entry-variants' | 'policy-keep' }
  | { kind: 'duplicate-group'; groupUid: string; winnerUid: string | null; reason: 'metadata' | 'same-name' }
  | { kind: 'experience-deleted'; groupUid: string; action: 'unlinked' | 'deleted' | 'already-unlinked' }
  /** Personalize refused the `_cms` write-back (reported by the apply step, never by the planner). */
  | { kind: 'cms-link-refused'; experienceUid: string; status: number };

export interface MirrorPlan {
  /** The group the experience is (or will be) mirrored to; null before creation or when the experience is gone. */
  groupUid: string | null;
  operations: MirrorOperation[];
  reports: MirrorReport[];
}
