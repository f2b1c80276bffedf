// Entry-variant webhooks keep coverage current between recomputes. The event only says which entry changed: the
// handler re-reads that entry's variants from the CMA (one call) and republishes the table with the entry added to
// or removed from each served variant's coverage. Re-reading makes it order-insensitive and exact across locales
// (deleting one locale's entry variant leaves the entry covered while another locale still has one).
import type { EntryVariantWebhook, StoredTable } from '@pb/shared';
import type { CoverageReadPort } from './sources';
import type { RedisTableStore } from './table-store';

export interface CoverageEventDeps {
  coverage: Pick<CoverageReadPort, 'entryVariantUids'>;
  store: Pick<RedisTableStore, 'current' | 'update'>;
}

export type CoverageEventOutcome =
  | { applied: true; revision: number | null; changed: boolean }
  | { applied: false; reason: 'no-table' | 'variant-not-served' };

export async function applyEntryVariantEvent(
  deps: CoverageEventDeps,
  projectUid: string,
  event: EntryVariantWebhook,
): Promise<CoverageEventOutcome> {
  const ct = event.data.content_type.uid;
  const entryUid = event.data.entry.uid;
  // The CMA is read before the compare-and-set, and only for a variant the table serves: the update itself is pure.
  const table = await deps.store.current(projectUid);
  if (table === null) return { applied: false, reason: 'no-table' };
  if (ownerOf(table, event.data.variant.uid) === null) return { applied: false, reason: 'variant-not-served' };
  const present = new Set(await deps.coverage.entryVariantUids(ct, entryUid));
  let notServed = false;
  const result = await deps.store.update(projectUid, (current) => {
    if (current === null) return null;
    const owner = ownerOf(current, event.data.variant.uid);
    if (owner === null) {
      notServed = true;
      return null;
    }
    const coverage = structuredClone(current.coverage);
    const contentTypes = { ...current.contentTypes };
    // The CMA refuses entry variants of a group not linked to the content type, so the event proves the link even
    // when it was made after the last recompute.
    const linked = contentTypes[owner.group] ?? [];
    let changed = !linked.includes(ct);
    if (changed) contentTypes[owner.group] = [...linked, ct];
    for (const variantUid of owner.variantUids) {
      const byType = (coverage[variantUid] ??= {});
      const entries = byType[ct] ?? [];
      const has = entries.includes(entryUid);
      if (present.has(variantUid) && !has) {
        byType[ct] = [...entries, entryUid];
        changed = true;
      } else if (!present.has(variantUid) && has) {
        byType[ct] = entries.filter((e) => e !== entryUid);
        changed = true;
      } else if (byType[ct] === undefined) {
        byType[ct] = [];
        changed = true;
      }
    }
    const { revision: _r, compiledAt: _c, ...content } = current;
    return changed ? { ...content, contentTypes, coverage } : null;
  });
  if (notServed) return { applied: false, reason: 'variant-not-served' };
  return result.revision === null
    ? { applied: false, reason: 'no-table' }
    : { applied: true, revision: result.revision, changed: result.changed };
}

/** The served experience whose CMS variants include `variantUid`: its variant group and all its CMS variant uids. */
function ownerOf(table: StoredTable, variantUid: string): { group: string; variantUids: string[] } | null {
  for (const row of table.table.experiences) {
    const group = table.variantGroups[row.experienceUid];
    const variantUids = row.variants.flatMap((v) => (v.cms === null ? [] : [v.cms.variantUid]));
    if (group !== undefined && variantUids.includes(variantUid)) return { group, variantUids };
  }
  return null;
}
