/**
 * An in-memory `CmaPort` that behaves like the CMA for the calls the UI makes: linking changes which groups the
 * content-type filter returns, writes store entry variants, and a variant whose group is not linked is refused.
 */
import type { CmaPort, EntryRef } from '../cma/cma-port';
import { fail, ok } from '../core/result';
import type { EntryVariant, VariantGroup } from '../cma/schemas';
import type { JsonObject } from '@pb/shared/cms/entry-path';
import { later } from './later';

export interface FakeCma extends CmaPort {
  groups: VariantGroup[];
  /** variant uid → stored entry variant (overridden fields + `_variant`). */
  variants: Map<string, JsonObject & EntryVariant>;
  published: { environments: string[]; variants: { uid: string; version?: number }[] }[];
  calls: string[];
  failNext: { method: keyof CmaPort; reason: string } | null;
}

export function fakeCma(options: {
  groups: VariantGroup[];
  base: JsonObject;
  environments?: string[];
  contentTypes?: { uid: string; title: string }[];
  /** Entries per content type uid, for reference pickers. */
  entries?: Record<string, { uid: string; title: string }[]>;
}): FakeCma {
  const state: FakeCma = {
    groups: structuredClone(options.groups),
    variants: new Map(),
    published: [],
    calls: [],
    failNext: null,
    async listVariantGroups({ contentTypeUid }) {
      await later();
      return (
        guard('listVariantGroups') ??
        ok(
          state.groups.filter(
            (g) => !contentTypeUid || g.content_types.some((ct) => ct.uid === contentTypeUid && ct.status === 'linked'),
          ),
        )
      );
    },
    async setContentTypeLink(group, contentTypeUid, status) {
      await later();
      const failed = guard('setContentTypeLink');
      if (failed) return failed;
      const stored = state.groups.find((g) => g.uid === group.uid);
      if (!stored) return fail('Variant group not found.', 404);
      stored.content_types = [
        ...stored.content_types.filter((ct) => ct.uid !== contentTypeUid),
        { uid: contentTypeUid, status },
      ];
      return ok(stored);
    },
    async listEntryVariants(_entry: EntryRef) {
      await later();
      return guard('listEntryVariants') ?? ok([...state.variants.values()]);
    },
    async getEntryVariant(_entry, variantUid) {
      await later();
      const failed = guard('getEntryVariant');
      if (failed) return failed;
      const stored = state.variants.get(variantUid);
      return stored ? ok({ ...options.base, ...stored }) : fail('Entry variant not found.', 404);
    },
    async putEntryVariant(entry, variantUid, fields, changeSet) {
      await later();
      const failed = guard('putEntryVariant');
      if (failed) return failed;
      const group = state.groups.find((g) => g.variants.some((v) => v.uid === variantUid));
      if (!group?.content_types.some((ct) => ct.uid === entry.contentTypeUid && ct.status === 'linked')) {
        return fail(`The Variant '${variantUid}' does not belong to the Content Type '${entry.contentTypeUid}'.`, 422);
      }
      const previous = state.variants.get(variantUid);
      state.variants.set(variantUid, {
        ...fields,
        _version: (previous?._version ?? 0) + 1,
        _variant: { _uid: variantUid, _change_set: changeSet },
      });
      return ok({ notice: previous ? 'Entry variant updated successfully.' : 'Entry variant created successfully.' });
    },
    async deleteEntryVariant(_entry, variantUid) {
      await later();
      const failed = guard('deleteEntryVariant');
      if (failed) return failed;
      return state.variants.delete(variantUid)
        ? ok({ notice: 'Entry variant deleted successfully.' })
        : fail('Entry variant not found.', 404);
    },
    async publishEntryVariant(_entry, request) {
      await later();
      const failed = guard('publishEntryVariant');
      if (failed) return failed;
      state.published.push(request);
      return ok({ notice: 'The requested action has been performed.' });
    },
    async listEnvironments() {
      await later();
      return guard('listEnvironments') ?? ok(options.environments ?? ['development', 'production']);
    },
    async listContentTypes() {
      await later();
      return guard('listContentTypes') ?? ok(options.contentTypes ?? []);
    },
    async listEntries(contentTypeUid) {
      await later();
      return guard('listEntries') ?? ok(options.entries?.[contentTypeUid] ?? []);
    },
  };

  function guard(method: keyof CmaPort): { ok: false; reason: string } | null {
    state.calls.push(method);
    if (state.failNext?.method !== method) return null;
    const reason = state.failNext.reason;
    state.failNext = null;
    return { ok: false, reason };
  }

  return state;
}
