// The planner's use of the CMS alias rules (shared/src/cms/alias.ts). Short uids reach the planner already validated
// by `mirroredExperienceSchema`, so a malformed one here is a programming error, not an input to report.
import { formatVariantAlias, parseVariantAlias } from '../cms/alias';

export function variantAlias(experienceShortUid: string, variantShortUid: string): string {
  const alias = formatVariantAlias(experienceShortUid, variantShortUid);
  if (!alias.ok) throw new Error(`cannot alias variant: ${alias.detail ?? alias.reason}`);
  return alias.value;
}

/** The variant short uid an alias names, when it is an alias of this experience. */
export function aliasedVariantShortUid(alias: string | undefined, experienceShortUid: string): string | undefined {
  if (alias === undefined) return undefined;
  const parts = parseVariantAlias(alias);
  return parts.ok && parts.value.experienceShortUid === experienceShortUid ? parts.value.variantShortUid : undefined;
}
