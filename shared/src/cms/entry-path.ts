// Field paths inside an entry, the addressing scheme of `_variant._change_set`.
//
// A path is the JSON path of a value with every array index replaced by the array item's instance uid:
//   title                                   a top-level field
//   banner.cta                              a field inside a (single) group
//   sections.cs1a2b3c.heading               a field of the item whose `_metadata.uid` is cs1a2b3c in a multiple group
//   page_blocks.cs9f8e7d.hero.title         a field of a modular block item: items are `{ <blockType>: {..fields,
//                                           _metadata:{uid}} }`, so after the instance uid comes the block type
//   sections.cs1a2b3c                       a whole item
// Contentstack documents only the group form (`sections.<uid>.heading`); the modular-block form is the same rule
// applied to the block's JSON shape (the instance uid stands where the array index would be). Items are addressed by
// uid rather than position so a variant keeps pointing at the same item when the base entry's items are reordered.
// We write the explicit block form; on reading we also accept the short form without the block type
// (`page_blocks.cs9f8e7d.title`), which some producers emit: canonicalPath() rewrites it to the explicit form.

export type JsonObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `_metadata.uid` of a group item, or of the single block inside a modular-block item; undefined otherwise. */
export function instanceUidOf(item: unknown): string | undefined {
  if (!isPlainObject(item)) return undefined;
  const own = metadataUid(item);
  if (own !== undefined) return own;
  const keys = Object.keys(item);
  if (keys.length !== 1) return undefined;
  const [blockType = ''] = keys;
  return metadataUid(item[blockType]);
}

/** The block type of a modular-block item (`{hero: {...}}` → `hero`); undefined for group items. */
export function blockTypeOf(item: unknown): string | undefined {
  if (!isPlainObject(item) || metadataUid(item) !== undefined) return undefined;
  const keys = Object.keys(item);
  const [blockType] = keys;
  return keys.length === 1 && blockType !== undefined && metadataUid(item[blockType]) !== undefined
    ? blockType
    : undefined;
}

function metadataUid(value: unknown): string | undefined {
  if (!isPlainObject(value)) return undefined;
  const metadata = value['_metadata'];
  if (!isPlainObject(metadata)) return undefined;
  const uid = metadata['uid'];
  return typeof uid === 'string' && uid !== '' ? uid : undefined;
}

/** True when every item carries a usable instance uid and no uid repeats: the array can be diffed item by item. */
export function isInstanceArray(value: unknown): value is unknown[] {
  if (!Array.isArray(value)) return false;
  const seen = new Set<string>();
  for (const item of value) {
    const uid = instanceUidOf(item);
    if (uid === undefined || !isAddressableKey(uid) || seen.has(uid)) return false;
    seen.add(uid);
  }
  return true;
}

export function indexOfInstance(array: readonly unknown[], uid: string): number {
  return array.findIndex((item) => instanceUidOf(item) === uid);
}

export function splitPath(path: string): string[] {
  return path.split('.');
}

/**
 * Change sets arrive from outside (webhooks, the CMA). Segments that would walk into an object's prototype are
 * refused everywhere paths are followed, so a crafted `__proto__.x` path can never write to Object.prototype.
 */
const UNSAFE_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** A usable path: non-empty segments, none of them unsafe. */
export function isSafePath(path: string): boolean {
  return splitPath(path).every((segment) => segment !== '' && !UNSAFE_SEGMENTS.has(segment));
}

/** A key a path can name on its own: field uids always are; keys inside JSON field values may not be. */
export function isAddressableKey(key: string): boolean {
  return key !== '' && !key.includes('.') && !UNSAFE_SEGMENTS.has(key);
}

/** Marker for "no value at this path" (distinct from a stored null). */
export const ABSENT: unique symbol = Symbol('absent');

/** The value at a path, or ABSENT. Arrays are entered by instance uid, objects by key. */
export function valueAtPath(root: unknown, path: string): unknown {
  if (!isSafePath(path)) return ABSENT;
  let current: unknown = root;
  for (const segment of splitPath(path)) {
    if (Array.isArray(current)) {
      const index = indexOfInstance(current, segment);
      if (index < 0) return ABSENT;
      current = current[index];
    } else if (isPlainObject(current) && Object.hasOwn(current, segment) && current[segment] !== undefined) {
      current = current[segment];
    } else {
      return ABSENT;
    }
  }
  return current;
}

/** Structural JSON equality (object key order does not matter; array order does). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const aKeys = Object.keys(a).filter((k) => a[k] !== undefined);
    const bKeys = Object.keys(b).filter((k) => b[k] !== undefined);
    return aKeys.length === bKeys.length && aKeys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Deep copy of JSON-shaped data (entries are JSON; no dates, maps or cycles). */
export function cloneJson<T>(value: T): T {
  return cloneValue(value) as T;
}

function cloneValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneValue);
  if (isPlainObject(value)) {
    const out: JsonObject = {};
    for (const [key, inner] of Object.entries(value)) {
      // A JSON `"__proto__"` key is data: keep it an own property instead of letting assignment set the prototype.
      Object.defineProperty(out, key, {
        value: cloneValue(inner),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

/**
 * Rewrites a path to the explicit modular-block form by looking at the data: after an instance uid that names a
 * block item `{hero: {...}}`, a next segment other than `hero` that is a field of that block gets `hero` inserted
 * (`page_blocks.cs1.title` → `page_blocks.cs1.hero.title`). The roots are tried in order (the variant first, then
 * the base); a path none of them can resolve is returned unchanged. A block field named like its own block type
 * is read as the explicit form.
 */
export function canonicalPath(path: string, ...roots: readonly unknown[]): string {
  if (!isSafePath(path)) return path;
  const segments = splitPath(path);
  for (const root of roots) {
    const canonical = canonicalIn(root, segments);
    if (canonical !== undefined) return canonical.join('.');
  }
  return path;
}

function canonicalIn(root: unknown, segments: readonly string[]): string[] | undefined {
  const out: string[] = [];
  let node: unknown = root;
  for (let i = 0; i < segments.length; i += 1) {
    const segment = segments[i] ?? '';
    out.push(segment);
    if (Array.isArray(node)) {
      const item: unknown = node[indexOfInstance(node, segment)];
      if (item === undefined) return undefined;
      const blockType = blockTypeOf(item);
      const next = segments[i + 1];
      const inner = blockType === undefined || !isPlainObject(item) ? undefined : item[blockType];
      if (blockType !== undefined && next !== undefined && next !== blockType && isPlainObject(inner)) {
        if (!Object.hasOwn(inner, next)) return undefined;
        out.push(blockType);
        node = inner;
      } else {
        node = item;
      }
      continue;
    }
    if (!isPlainObject(node) || !Object.hasOwn(node, segment)) return [...out, ...segments.slice(i + 1)];
    node = node[segment];
  }
  return out;
}
