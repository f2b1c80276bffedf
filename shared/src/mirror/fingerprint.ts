// What the reconciliation sweep compares: a mirror is due when the experience's fingerprint differs from the one
// recorded after its last successful mirror. Only mirrored fields take part, so unrelated edits (targeting, metrics)
// cause no work.
import type { MirroredExperience } from './model';

export function experienceFingerprint(experience: MirroredExperience): string {
  const variants = [...experience.variants]
    .sort((a, b) => Number(a.shortUid) - Number(b.shortUid) || (a.shortUid < b.shortUid ? -1 : 1))
    .map((v) => [v.shortUid, v.name]);
  return JSON.stringify([
    experience.versionUid,
    experience.versionStatus,
    experience.name,
    experience.description,
    variants,
    [...experience.contentTypes].sort(),
  ]);
}

/** The fingerprint recorded for an experience that no longer exists (its group was unlinked or deleted). */
export const deletedFingerprint = 'deleted';
