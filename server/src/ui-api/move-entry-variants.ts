// "Move N entry variants to the new variant": after Personalize gave a variant short uid a new CMS variant (a remap),
// the entry variants written for the old CMS variant are copied to the new one and the old ones deleted. Each move
// is verified by a re-read before anything is deleted, so a failure at any step leaves the old entry variant as it
// was (at worst a copy exists on both variants, which a second run recognises and finishes).
import { isExternalCallError } from '@pb/shared';
import type {
  EntryVariantRef,
  EntryVariantView,
  GroupView,
  PersonalizeReader,
  StackEditor,
  StackReader,
} from './ports';

export interface MoveRequest {
  fromVariantUid: string;
  toVariantUid: string;
}

export interface MoveReport {
  moved: { contentTypeUid: string; entryUid: string; locale: string }[];
  failed: { contentTypeUid: string; entryUid: string; locale: string; reason: string }[];
}

export type MoveOutcome =
  | { ok: true; report: MoveReport; groupUid: string }
  | { ok: false; status: 403 | 404; reason: string; field?: keyof MoveRequest };

export interface MoveDeps {
  personalize: Pick<PersonalizeReader, 'listExperiences'>;
  stack: Pick<StackReader, 'listGroups'>;
  editor: StackEditor;
}

/**
 * The experience's variant group: the one its `_cms` link names, else the one whose metadata claims it (the sync may
 * not have written `_cms` yet). Only groups of the installation's project count.
 */
export function groupOfExperience(
  groups: GroupView[],
  projectUid: string,
  experienceUid: string,
  linkedGroupUid: string | null,
): GroupView | undefined {
  const claims = (g: GroupView) => g.metadata?.projectUid === projectUid && g.metadata.experienceUid === experienceUid;
  return (
    groups.find((g) => g.uid === linkedGroupUid && (g.metadata === null || claims(g))) ?? groups.find((g) => claims(g))
  );
}

export async function moveEntryVariants(
  deps: MoveDeps,
  scope: { projectUid: string; experienceUid: string },
  request: MoveRequest,
): Promise<MoveOutcome> {
  // 1. Both variants must belong to this experience's group: nothing else of the stack may be touched from here.
  const [experiences, groups] = await Promise.all([deps.personalize.listExperiences(), deps.stack.listGroups()]);
  const experience = experiences.find((e) => e.uid === scope.experienceUid);
  const group = groupOfExperience(
    groups,
    scope.projectUid,
    scope.experienceUid,
    experience?.cmsLink?.variantGroup ?? null,
  );
  if (experience === undefined && group === undefined)
    return { ok: false, status: 403, reason: 'experience-not-in-project' };
  if (group === undefined)
    return { ok: false, status: 404, reason: 'The experience has no variant group yet (Contentstack’s sync).' };
  for (const field of ['fromVariantUid', 'toVariantUid'] as const) {
    if (!group.variants.some((v) => v.uid === request[field]))
      return { ok: false, status: 404, field, reason: `${field}: not a variant of the group “${group.name}”` };
  }

  // 2. Every entry of every linked content type, in every locale, that has an entry variant of the old variant.
  const report: MoveReport = { moved: [], failed: [] };
  const locales = await deps.editor.locales();
  for (const contentTypeUid of group.contentTypes) {
    for (const entryUid of await deps.editor.entryUids(contentTypeUid)) {
      for (const locale of locales) {
        const ref = { contentTypeUid, entryUid, locale };
        const outcome = await moveOne(deps.editor, ref, request);
        if (outcome === 'moved') report.moved.push(ref);
        else if (outcome !== 'absent') report.failed.push({ ...ref, reason: outcome.reason });
      }
    }
  }
  return { ok: true, report, groupUid: group.uid };
}

type OneOutcome = 'moved' | 'absent' | { reason: string };

/** Read the old, write the new (unless a verified copy is already there), re-read and compare, then delete the old. */
async function moveOne(editor: StackEditor, ref: EntryVariantRef, request: MoveRequest): Promise<OneOutcome> {
  let step = 'reading the old entry variant';
  try {
    const old = await editor.readEntryVariant(ref, request.fromVariantUid);
    if (old === null) return 'absent';
    const wanted = changedFields(old);
    step = 'reading the new variant';
    const existing = await editor.readEntryVariant(ref, request.toVariantUid);
    if (existing !== null && !carries(existing, wanted)) {
      // An author's own work on the new variant is never overwritten.
      return { reason: 'the new variant already has a different entry variant here; move it by hand' };
    }
    if (existing === null) {
      step = 'writing the new entry variant';
      await editor.writeEntryVariant(ref, request.toVariantUid, wanted);
      step = 'checking the new entry variant';
      const written = await editor.readEntryVariant(ref, request.toVariantUid);
      if (written === null || !carries(written, wanted))
        return { reason: 'the new entry variant did not read back as written; the old one was kept' };
    }
    step = 'deleting the old entry variant';
    await editor.deleteEntryVariant(ref, request.fromVariantUid);
    return 'moved';
  } catch (error) {
    if (!isExternalCallError(error)) throw error;
    return { reason: `${step}: ${error.message}` };
  }
}

/** Only the fields the change set names (its top-level roots): the rest of a read entry variant is the base's. */
function changedFields(variant: EntryVariantView): EntryVariantView {
  const roots = new Set(variant.changeSet.map((path) => path.split('.')[0] ?? path));
  return {
    fields: Object.fromEntries(Object.entries(variant.fields).filter(([key]) => roots.has(key))),
    changeSet: variant.changeSet,
  };
}

/** The read entry variant overrides every path of `wanted`'s change set, with the same values. */
function carries(read: EntryVariantView, wanted: EntryVariantView): boolean {
  const paths = new Set(read.changeSet);
  return (
    wanted.changeSet.every((path) => paths.has(path)) &&
    Object.entries(wanted.fields).every(([key, value]) => sameJson(read.fields[key], value))
  );
}

/** Deep equality of JSON values, key order aside. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = Object.keys(ra);
  return keys.length === Object.keys(rb).length && keys.every((k) => k in rb && sameJson(ra[k], rb[k]));
}
