// Variant aliases: `cs_personalize_<experienceShortUid>_<variantShortUid>`, the name the edge SDK derives from the
// manifest and sends to delivery in `x-cs-variant-uid`. Both parts are server-assigned integer strings. Malformed
// input is rejected with a reason rather than coerced: a coerced alias would silently address another variant.
import { fail, ok, type Result } from '../core/result';

export const VARIANT_ALIAS_PREFIX = 'cs_personalize_';

const SHORT_UID = /^(0|[1-9]\d*)$/;

export type VariantAliasParts = { experienceShortUid: string; variantShortUid: string };

export type AliasFailure = 'not-a-personalize-alias' | 'malformed-short-uid' | 'wrong-part-count';

export function isShortUid(value: string): boolean {
  return SHORT_UID.test(value);
}

export function formatVariantAlias(
  experienceShortUid: string,
  variantShortUid: string,
): Result<string, 'malformed-short-uid'> {
  if (!isShortUid(experienceShortUid)) {
    return fail('malformed-short-uid', `experience short uid ${JSON.stringify(experienceShortUid)} is not an integer`);
  }
  if (!isShortUid(variantShortUid)) {
    return fail('malformed-short-uid', `variant short uid ${JSON.stringify(variantShortUid)} is not an integer`);
  }
  return ok(`${VARIANT_ALIAS_PREFIX}${experienceShortUid}_${variantShortUid}`);
}

export function parseVariantAlias(alias: string): Result<VariantAliasParts, AliasFailure> {
  if (!alias.startsWith(VARIANT_ALIAS_PREFIX)) {
    return fail('not-a-personalize-alias', `expected the prefix ${VARIANT_ALIAS_PREFIX}`);
  }
  const parts = alias.slice(VARIANT_ALIAS_PREFIX.length).split('_');
  if (parts.length !== 2) {
    return fail('wrong-part-count', `expected 2 short uids after the prefix, got ${parts.length}`);
  }
  const [experienceShortUid = '', variantShortUid = ''] = parts;
  if (!isShortUid(experienceShortUid)) {
    return fail('malformed-short-uid', `experience short uid ${JSON.stringify(experienceShortUid)} is not an integer`);
  }
  if (!isShortUid(variantShortUid)) {
    return fail('malformed-short-uid', `variant short uid ${JSON.stringify(variantShortUid)} is not an integer`);
  }
  return ok({ experienceShortUid, variantShortUid });
}

/** True for any string `parseVariantAlias` accepts. */
export function isVariantAlias(value: string): boolean {
  return parseVariantAlias(value).ok;
}
