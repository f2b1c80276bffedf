// Applying entry variants onto their base entry: what delivery returns for `x-cs-variant-uid`.
//
// Semantics (the contract the server's previews and our tests rely on):
//  - Only paths listed in the variant's `_variant._change_set` are taken from the variant; every other field is the
//    base entry's. The variant may be sparse (only overridden fields, as written with PUT) or merged (as the CMA
//    returns it): both give the same result.
//  - A path whose value is absent from the variant is a removal: the key is deleted (an item path drops the item).
//  - Arrays are replaced whole, unless the path enters them by an item's `_metadata.uid` (multiple groups, modular
//    blocks), in which case only that item (or field inside it) changes, wherever the item now sits in the base.
//  - A path that cannot be placed on the base is skipped and reported, never guessed: the item it names is gone
//    from the base, a new item would need a position, or the base's block at that uid is of another type.
//    Removing something the base does not have is a no-op, not a skip.
//  - Modular-block paths may name the block type (`page_blocks.<uid>.hero.title`, what we write) or leave it out
//    (`page_blocks.<uid>.title`); both are read the same (see canonicalPath in entry-path.ts).
//  - Top-level system keys (uid, locale, _version, _variant, ...) always stay the base's.
//  - Several variants (delivery with several `x-cs-variant-uid` values): the first listed has the highest priority.
//    They are applied from last to first, so where two variants change the same field the first listed wins, and a
//    finer path of a higher-priority variant (`banner.cta`) wins over a coarser one of a lower-priority variant
//    (`banner`) for that field only. A higher-priority variant cannot bring back an item a lower one removed.
//  - Inputs are never mutated; the result shares no structure with them.
import { ENTRY_SYSTEM_KEYS } from './entry';
import {
  ABSENT,
  blockTypeOf,
  canonicalPath,
  cloneJson,
  indexOfInstance,
  isPlainObject,
  isSafePath,
  splitPath,
  valueAtPath,
  type JsonObject,
} from './entry-path';

/** What applying needs from an entry variant: its fields and its change set. */
export type EntryVariantLike = JsonObject & { _variant: { _change_set: readonly string[]; _uid?: string } };

export interface SkippedPath {
  /** The variant's `_variant._uid` when it has one, else its position in the list given. */
  variant: string;
  path: string;
  reason:
    | 'item-not-in-base'
    | 'new-item-needs-position'
    | 'block-type-differs'
    | 'system-key'
    | 'not-a-container'
    | 'malformed-path';
}

export interface ApplyOutcome<E extends JsonObject> {
  entry: E;
  skipped: SkippedPath[];
}

export function applyEntryVariant<E extends JsonObject>(base: E, variant: EntryVariantLike): E {
  return applyEntryVariantsWithReport(base, [variant]).entry;
}

/** `variantsInPriorityOrder[0]` wins where variants overlap. */
export function applyEntryVariants<E extends JsonObject>(
  base: E,
  variantsInPriorityOrder: readonly EntryVariantLike[],
): E {
  return applyEntryVariantsWithReport(base, variantsInPriorityOrder).entry;
}

export function applyEntryVariantsWithReport<E extends JsonObject>(
  base: E,
  variantsInPriorityOrder: readonly EntryVariantLike[],
): ApplyOutcome<E> {
  const entry = cloneJson(base);
  const skipped: SkippedPath[] = [];
  for (let index = variantsInPriorityOrder.length - 1; index >= 0; index -= 1) {
    const variant = variantsInPriorityOrder[index];
    if (variant === undefined) continue;
    const name = variant._variant._uid ?? String(index);
    // Coarse paths first so a finer path of the same variant refines (never undoes) a coarse one.
    const canonical = variant._variant._change_set.map((path) => canonicalPath(path, variant, entry));
    const paths = [...new Set(canonical)].sort(
      (a, b) => splitPath(a).length - splitPath(b).length || (a < b ? -1 : a > b ? 1 : 0),
    );
    for (const path of paths) {
      const problem = place(entry, variant, path);
      if (problem !== undefined) skipped.push({ variant: name, path, reason: problem });
    }
  }
  return { entry, skipped };
}

/**
 * Copies the variant's value at `path` into `target` (or removes it there when the variant has none); returns why it
 * could not, if it could not. The variant is walked alongside the target so a missing container in the base can be
 * told apart: a group is created, an array item is not (it would need a position).
 */
function place(target: JsonObject, variant: JsonObject, path: string): SkippedPath['reason'] | undefined {
  if (!isSafePath(path)) return 'malformed-path';
  const value = valueAtPath(variant, path);
  const segments = splitPath(path);
  if (ENTRY_SYSTEM_KEYS.has(segments[0] ?? '')) return 'system-key';

  let node: unknown = target;
  let source: unknown = variant;
  let enteredItem = false; // the previous step entered an array item, so a block item must match its type next
  for (let i = 0; i < segments.length - 1; i += 1) {
    const segment = segments[i] ?? '';
    if (Array.isArray(node)) {
      const index = indexOfInstance(node, segment);
      if (index < 0) return value === ABSENT ? undefined : 'item-not-in-base';
      node = node[index];
      source = Array.isArray(source) ? source[indexOfInstance(source, segment)] : undefined;
      enteredItem = true;
      continue;
    }
    if (!isPlainObject(node)) return value === ABSENT ? undefined : 'not-a-container';
    if (enteredItem) {
      const blockType = blockTypeOf(node);
      if (blockType !== undefined && blockType !== segment) return value === ABSENT ? undefined : 'block-type-differs';
    }
    enteredItem = false;
    let next = node[segment];
    const sourceNext = isPlainObject(source) ? source[segment] : undefined;
    if (!isPlainObject(next) && !Array.isArray(next)) {
      // The base lacks this container. Removing below it is a no-op; a group is created; items are not.
      if (value === ABSENT) return undefined;
      if (!isPlainObject(sourceNext)) return 'item-not-in-base';
      next = {};
      node[segment] = next;
    }
    node = next;
    source = sourceNext;
  }

  const last = segments[segments.length - 1] ?? '';
  if (Array.isArray(node)) {
    const index = indexOfInstance(node, last);
    if (value === ABSENT) {
      if (index >= 0) node.splice(index, 1);
      return undefined;
    }
    if (index < 0) return 'new-item-needs-position';
    node[index] = cloneJson(value);
    return undefined;
  }
  if (!isPlainObject(node)) return value === ABSENT ? undefined : 'not-a-container';
  if (enteredItem) {
    const blockType = blockTypeOf(node);
    if (blockType !== undefined && blockType !== last) return value === ABSENT ? undefined : 'block-type-differs';
  }
  if (value === ABSENT) delete node[last];
  else
    Object.defineProperty(node, last, {
      value: cloneJson(value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return undefined;
}
