// Turns one live experience version (as the Personalize API returns it) into its row of the assignment table.
// For A/B tests the split becomes bucket ranges derived from the previous version's, so a changed split moves only
// the users that must move (bucketing/ranges.ts).
import { experienceSeed } from '../bucketing/assign';
import type { BucketRanges } from '../bucketing/ranges';
import { allocateRanges, checkWeights } from '../bucketing/ranges';
import { formatVariantAlias } from '../cms/alias';
import type { Result } from '../core/result';
import { fail, ok } from '../core/result';
import type { Experience, ExperienceVersion, Targeting } from '../personalize/experience';
import type { AudienceReference, CmsVariant, ExperienceAssignment } from './assignment-table';

export interface VersionAssignmentInput {
  readonly experience: Pick<Experience, 'uid' | 'shortUid' | '__type' | 'targeting' | '_cms'>;
  readonly version: Pick<ExperienceVersion, 'uid' | 'status' | 'variants' | 'targeting'>;
  /** The ranges the experience's previous live version used; null for its first. */
  readonly previousRanges: BucketRanges | null;
  /** How many times the experience was explicitly re-randomized (0 = never): part of its seed. */
  readonly randomization?: number;
}

export type VersionAssignmentProblem = 'draft-version' | 'variant-type-mismatch' | 'invalid-split';

function audienceReference(targeting: Targeting | null | undefined): AudienceReference {
  const audience = targeting?.audience;
  return { audiences: audience?.audiences ?? [], combinationType: audience?.audienceCombinationType ?? 'OR' };
}

function cmsVariant(experience: VersionAssignmentInput['experience'], variantShortUid: string): CmsVariant | null {
  const variantUid = experience._cms?.variants[variantShortUid];
  const alias = formatVariantAlias(experience.shortUid, variantShortUid);
  return variantUid === undefined || !alias.ok ? null : { variantUid, alias: alias.value };
}

export function experienceAssignmentFromVersion(
  input: VersionAssignmentInput,
): Result<ExperienceAssignment, VersionAssignmentProblem> {
  const { experience, version } = input;
  if (version.status === 'DRAFT') return fail('draft-version', 'only ACTIVE and PAUSED versions are served');
  const base = {
    experienceUid: experience.uid,
    shortUid: experience.shortUid,
    versionUid: version.uid,
    paused: version.status === 'PAUSED',
    // A version carries its own targeting; older payloads keep it on the experience.
    targeting: audienceReference(version.targeting ?? experience.targeting),
  };

  if (experience.__type === 'SEGMENTED') {
    const variants = [];
    for (const variant of version.variants) {
      if (variant.__type !== 'SegmentedVariant') return fail('variant-type-mismatch', `variant ${variant.shortUid}`);
      variants.push({
        shortUid: variant.shortUid,
        audience: { audiences: variant.audiences, combinationType: variant.audienceCombinationType },
        cms: cmsVariant(experience, variant.shortUid),
      });
    }
    return ok({ ...base, type: 'SEGMENTED', variants });
  }

  const variants = [];
  for (const variant of version.variants) {
    if (variant.__type !== 'ABTestVariant') return fail('variant-type-mismatch', `variant ${variant.shortUid}`);
    variants.push({
      shortUid: variant.shortUid,
      trafficShare: variant.trafficDistribution,
      cms: cmsVariant(experience, variant.shortUid),
    });
  }
  const weights = variants.map((v) => ({ variantShortUid: v.shortUid, weight: v.trafficShare }));
  const problem = checkWeights(weights);
  if (problem !== null) return fail('invalid-split', problem);
  return ok({
    ...base,
    type: 'AB_TEST',
    seed: experienceSeed(experience.uid, input.randomization ?? 0),
    ranges: allocateRanges(input.previousRanges, weights),
    variants,
  });
}
