// The CMA reads of entries and their entry variants, once, over the budgeted GET (budgeted-get.ts): a content type's
// entries (paged, at most `max`), the CMS variants an entry has entry variants for, and a group's linked content
// types. The recompute's coverage reader and the UI API's stack reader are both built on these; the guard's
// counts go through the official SDK (cma-client.ts) but walk the same scan (`scanEntryVariants`).
import { z } from 'zod';
import { PAGE_SIZE, allPages, getJson, parseAnswer, type BudgetedGetContext, type GetOptions } from './budgeted-get';

const entriesPageSchema = z.looseObject({
  entries: z.array(z.looseObject({ uid: z.string().min(1), title: z.string().nullish() })),
});
const entryVariantsPageSchema = z.looseObject({
  entries: z.array(z.looseObject({ _variant: z.looseObject({ _uid: z.string().min(1) }).optional() })),
});
const groupSchema = z.looseObject({
  content_types: z.array(z.looseObject({ uid: z.string(), status: z.string().optional() })).default([]),
});

export interface EntryVariantReads {
  /** The content type's entries, all pages up to `max`. */
  entries(contentTypeUid: string, max?: number): Promise<{ uid: string; title: string }[]>;
  /** The CMS variant uids the entry has an entry variant for, all pages. */
  entryVariantUids(contentTypeUid: string, entryUid: string): Promise<string[]>;
}

export interface CmaEntryReads extends EntryVariantReads {
  /** The group's linked content types; null when the group does not exist. */
  linkedContentTypes(variantGroupUid: string): Promise<string[] | null>;
}

export function cmaEntryReads(ctx: BudgetedGetContext, get: GetOptions = {}): CmaEntryReads {
  const pages = <T>(path: string, schema: z.ZodType<{ entries: T[] }>, max?: number): Promise<T[]> =>
    allPages(async (skip) => {
      const separator = path.includes('?') ? '&' : '?';
      const json = await getJson(ctx, `${path}${separator}limit=${PAGE_SIZE}&skip=${skip}`, get);
      return json === null ? null : parseAnswer(ctx, schema, json, `GET ${path}`).entries;
    }, max);
  return {
    async entries(contentTypeUid, max) {
      const entries = await pages(
        `/content_types/${encodeURIComponent(contentTypeUid)}/entries`,
        entriesPageSchema,
        max,
      );
      return entries.map((e) => ({ uid: e.uid, title: e.title ?? e.uid }));
    },
    async entryVariantUids(contentTypeUid, entryUid) {
      const path = `/content_types/${encodeURIComponent(contentTypeUid)}/entries/${encodeURIComponent(entryUid)}/variants`;
      const variants = await pages(path, entryVariantsPageSchema);
      return [...new Set(variants.flatMap((v) => (v._variant === undefined ? [] : [v._variant._uid])))];
    },
    async linkedContentTypes(variantGroupUid) {
      const path = `/variant_groups/${encodeURIComponent(variantGroupUid)}`;
      const json = await getJson(ctx, path, get);
      if (json === null) return null;
      const group = parseAnswer(ctx, groupSchema, json, `GET ${path}`);
      return group.content_types.filter((c) => c.status !== 'unlinked').map((c) => c.uid);
    },
  };
}

/**
 * The content type × entries × entry variants scan: calls `visit` once per (content type, entry, CMS variant) the
 * stack has an entry variant for. Sequential on purpose: every call takes a token from the organization's budget.
 */
export async function scanEntryVariants(
  reads: EntryVariantReads,
  contentTypes: readonly string[],
  visit: (contentTypeUid: string, entryUid: string, variantUid: string) => void,
): Promise<void> {
  for (const ct of contentTypes) {
    for (const entry of await reads.entries(ct)) {
      for (const variantUid of await reads.entryVariantUids(ct, entry.uid)) visit(ct, entry.uid, variantUid);
    }
  }
}
