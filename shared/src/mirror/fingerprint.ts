// What the change detection compares. Personalize sends no webhooks, so changes are found by asking:
// - the poll lists every experience of a project in one call and compares a fingerprint of the listing's fields;
// - the full sweep also reads versions and compares the fingerprint of what the guard follows.
// Only fields the guard or the assignments use take part, so unrelated edits cause no work.
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
    experience.cmsLink === null ? null : [experience.cmsLink.variantGroup, sortedEntries(experience.cmsLink.variants)],
  ]);
}

/** The fingerprint recorded for an experience that no longer exists. */
export const deletedFingerprint = 'deleted';

/**
 * The fingerprint of one entry of `GET /experiences`, from the fields the listing carries. Fields the real API may
 * leave out count as absent (the poll is then less sharp, and the sweep still reads versions).
 */
export function listingFingerprint(listed: {
  name?: unknown;
  description?: unknown;
  status?: unknown;
  latestVersion?: unknown;
  activeVersion?: unknown;
  updatedAt?: unknown;
  _cms?: unknown;
}): string {
  const cms = listed._cms;
  const link =
    typeof cms === 'object' && cms !== null && 'variantGroup' in cms
      ? [
          cms.variantGroup,
          'variants' in cms && typeof cms.variants === 'object' && cms.variants !== null
            ? sortedEntries(cms.variants as Record<string, unknown>)
            : null,
        ]
      : null;
  return JSON.stringify([
    listed.name ?? null,
    listed.description ?? null,
    listed.status ?? null,
    listed.latestVersion ?? null,
    listed.activeVersion ?? null,
    listed.updatedAt ?? null,
    link,
  ]);
}

function sortedEntries(record: Record<string, unknown>): [string, unknown][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
