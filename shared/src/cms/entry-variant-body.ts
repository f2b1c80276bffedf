// Building what we write to `PUT .../entries/{entry}/variants/{variant}`: only the overridden fields of the edited
// copy, shaped like the entry (items keep their `_metadata.uid`, blocks their type), plus `_variant._change_set`.
// Applying the result onto the base (apply-variant.ts) gives back the edited copy for every changed path.
import { computeChangeSet, type ContentTypeSchemaLike } from './change-set';
import {
  ABSENT,
  blockTypeOf,
  canonicalPath,
  cloneJson,
  indexOfInstance,
  isPlainObject,
  splitPath,
  valueAtPath,
  type JsonObject,
} from './entry-path';

export interface EntryVariantBody {
  entry: JsonObject & { _variant: { _change_set: string[] } };
}

export function buildEntryVariantBody(
  base: JsonObject,
  edited: JsonObject,
  contentType?: ContentTypeSchemaLike,
): EntryVariantBody {
  const changeSet = computeChangeSet(base, edited, contentType);
  return { entry: { ...pickChangeSet(edited, changeSet), _variant: { _change_set: changeSet } } };
}

/** A sparse copy of `source` holding only the values at `paths` (paths absent from `source` are left out). */
export function pickChangeSet(source: JsonObject, paths: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const given of paths) {
    const path = canonicalPath(given, source);
    const value = valueAtPath(source, path); // ABSENT for unsafe paths too
    if (value === ABSENT) continue;
    const segments = splitPath(path);
    let from: unknown = source;
    let to: unknown = out;
    for (let i = 0; i < segments.length - 1; i += 1) {
      const segment = segments[i] ?? '';
      if (Array.isArray(from) && Array.isArray(to)) {
        const item: unknown = from[indexOfInstance(from, segment)];
        let at = indexOfInstance(to, segment);
        if (at < 0) to.push(itemSkeleton(item));
        if (at < 0) at = to.length - 1;
        from = item;
        to = to[at];
      } else if (isPlainObject(from) && isPlainObject(to)) {
        const next = from[segment];
        if (to[segment] === undefined) to[segment] = Array.isArray(next) ? [] : {};
        from = next;
        to = to[segment];
      }
    }
    const last = segments[segments.length - 1] ?? '';
    if (Array.isArray(to)) {
      const at = indexOfInstance(to, last);
      if (at < 0) to.push(cloneJson(value));
      else to[at] = cloneJson(value);
    } else if (isPlainObject(to)) {
      to[last] = cloneJson(value);
    }
  }
  return out;
}

/** An item reduced to what identifies it: `{_metadata}` for a group item, `{type: {_metadata}}` for a block. */
function itemSkeleton(item: unknown): JsonObject {
  if (!isPlainObject(item)) return {};
  const blockType = blockTypeOf(item);
  if (blockType === undefined) return { _metadata: cloneJson(item['_metadata']) };
  const inner = item[blockType];
  return { [blockType]: { _metadata: cloneJson(isPlainObject(inner) ? inner['_metadata'] : undefined) } };
}
