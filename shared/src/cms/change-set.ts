// The change set between a base entry and an edited copy: the field paths (see entry-path.ts) whose values differ.
// It is what an entry variant stores in `_variant._change_set`, and what apply-variant.ts reads back.
//
// Rules (each keeps the set minimal: no path in the result is a prefix of another):
//  1. System keys at the top level (uid, locale, _version, _variant, created_at, publish_details, ...) and every
//     `_metadata` object are identity, not content: never part of a change set.
//  2. Equal values (structural JSON equality) contribute nothing.
//  3. A field present on one side only is a change at its own path (on the edited side missing = a removal).
//  4. Groups (objects) are entered: a change inside `banner` is `banner.cta`, not `banner`.
//     With a content type, only `group` / `global_field` fields are entered and every other field is a leaf (a
//     file, link or JSON RTE object is replaced whole). Without one, every plain object is treated as a group.
//  5. Arrays whose items all carry a distinct `_metadata.uid` (multiple groups, modular blocks) are entered item by
//     item when both sides hold the same items in the same order: `sections.<uid>.heading`,
//     `page_blocks.<uid>.hero.title`. A block whose type changed is the whole item: `page_blocks.<uid>`.
//  6. An object with a key a path cannot name (empty, containing a dot, or `__proto__`-like; only possible inside
//     JSON field values) is a leaf; such keys at the top level are not fields and are ignored.
//  7. Any other array change (items added, removed or reordered; arrays without instance uids such as tags or
//     multi-select values) replaces the whole field: `sections`.
import type { ContentTypeField } from './content-type';
import { ENTRY_SYSTEM_KEYS } from './entry';
import {
  blockTypeOf,
  deepEqual,
  instanceUidOf,
  isAddressableKey,
  isInstanceArray,
  isPlainObject,
  type JsonObject,
} from './entry-path';

/** The part of a content type the diff needs. */
export interface ContentTypeSchemaLike {
  schema: readonly ContentTypeField[];
}

/** Field definitions by uid at one nesting level; `undefined` means "no content type: infer from the data". */
type FieldMap = ReadonlyMap<string, ContentTypeField> | undefined;

export function computeChangeSet(base: JsonObject, edited: JsonObject, contentType?: ContentTypeSchemaLike): string[] {
  const out = new Set<string>();
  diffFields('', base, edited, contentType === undefined ? undefined : fieldMap(contentType.schema), out);
  return [...out].sort();
}

function diffFields(prefix: string, base: JsonObject, edited: JsonObject, fields: FieldMap, out: Set<string>): void {
  const keys = new Set([...Object.keys(base), ...Object.keys(edited)]);
  for (const key of keys) {
    if (key === '_metadata' || !isAddressableKey(key) || (prefix === '' && ENTRY_SYSTEM_KEYS.has(key))) continue;
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const before = base[key];
    const after = edited[key];
    if (deepEqual(before, after)) continue;
    if (before === undefined || after === undefined) {
      out.add(path);
      continue;
    }
    diffValue(path, before, after, fields === undefined ? 'infer' : fields.get(key), out);
  }
}

function diffValue(
  path: string,
  before: unknown,
  after: unknown,
  field: ContentTypeField | 'infer' | undefined,
  out: Set<string>,
): void {
  if (
    isPlainObject(before) &&
    isPlainObject(after) &&
    entersObject(field) &&
    addressable(before) &&
    addressable(after)
  ) {
    diffFields(path, before, after, childFields(field), out);
    return;
  }
  if (isInstanceArray(before) && isInstanceArray(after) && entersItems(field)) {
    diffItems(path, before, after, field, out);
    return;
  }
  out.add(path);
}

function diffItems(
  path: string,
  before: unknown[],
  after: unknown[],
  field: ContentTypeField | 'infer' | undefined,
  out: Set<string>,
): void {
  const beforeUids = before.map(instanceUidOf);
  const afterUids = after.map(instanceUidOf);
  if (!deepEqual(beforeUids, afterUids)) {
    out.add(path); // rule 7: the item list itself changed
    return;
  }
  before.forEach((itemBefore, index) => {
    const itemAfter = after[index];
    const uid = beforeUids[index];
    if (uid === undefined || !isPlainObject(itemBefore) || !isPlainObject(itemAfter)) return;
    const itemPath = `${path}.${uid}`;
    const blockBefore = blockTypeOf(itemBefore);
    const blockAfter = blockTypeOf(itemAfter);
    if (blockBefore !== blockAfter || !addressable(itemBefore) || !addressable(itemAfter)) {
      out.add(itemPath);
      return;
    }
    if (blockBefore === undefined) {
      diffFields(itemPath, itemBefore, itemAfter, childFields(field), out);
      return;
    }
    const innerBefore = itemBefore[blockBefore];
    const innerAfter = itemAfter[blockBefore];
    if (
      isPlainObject(innerBefore) &&
      isPlainObject(innerAfter) &&
      addressable(innerBefore) &&
      addressable(innerAfter)
    ) {
      diffFields(`${itemPath}.${blockBefore}`, innerBefore, innerAfter, blockFields(field, blockBefore), out);
    }
  });
}

function addressable(value: JsonObject): boolean {
  return Object.keys(value).every((key) => key === '_metadata' || isAddressableKey(key));
}

function isGroupLike(field: ContentTypeField): boolean {
  return field.data_type === 'group' || field.data_type === 'global_field';
}

function entersObject(field: ContentTypeField | 'infer' | undefined): boolean {
  if (field === 'infer') return true;
  return field !== undefined && isGroupLike(field) && field.multiple !== true;
}

function entersItems(field: ContentTypeField | 'infer' | undefined): boolean {
  if (field === 'infer') return true;
  if (field === undefined) return false;
  return field.data_type === 'blocks' || (isGroupLike(field) && field.multiple === true);
}

function childFields(field: ContentTypeField | 'infer' | undefined): FieldMap {
  if (field === 'infer') return undefined;
  return fieldMap(field?.schema ?? []);
}

function blockFields(field: ContentTypeField | 'infer' | undefined, blockType: string): FieldMap {
  if (field === 'infer') return undefined;
  const block = field?.blocks?.find((b) => b.uid === blockType);
  return fieldMap(block?.schema ?? []);
}

function fieldMap(schema: readonly ContentTypeField[]): ReadonlyMap<string, ContentTypeField> {
  return new Map(schema.map((f) => [f.uid, f]));
}
