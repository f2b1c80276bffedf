/**
 * Change-set paths: how an entry variant names the fields it overrides. A path is dot-separated field
 * uids; inside repeated groups and modular blocks an item is named by its `_metadata.uid`, e.g.
 * `sections.cs3f2a.heading`. A modular-block item `{hero: {heading, _metadata}}` may be addressed with
 * or without the block uid (`sections.<uid>.heading` and `sections.<uid>.hero.heading` both work).
 */
import type { Fields } from './model';

type Obj = Record<string, unknown>;

export const isObject = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const metadataUid = (value: unknown): string | undefined => {
  if (!isObject(value)) return undefined;
  const meta = value['_metadata'];
  return isObject(meta) && typeof meta['uid'] === 'string' ? meta['uid'] : undefined;
};

/** A modular-block item: one key (the block uid) whose value carries the `_metadata`. */
const blockInner = (item: unknown): Obj | undefined => {
  if (!isObject(item)) return undefined;
  const keys = Object.keys(item);
  if (keys.length !== 1 || keys[0] === undefined) return undefined;
  const inner = item[keys[0]];
  return isObject(inner) && metadataUid(inner) !== undefined ? inner : undefined;
};

export const itemUid = (item: unknown): string | undefined => metadataUid(item) ?? metadataUid(blockInner(item));

const findItem = (list: unknown[], seg: string): unknown =>
  list.find((item) => itemUid(item) === seg) ?? (/^\d+$/.test(seg) ? list[Number(seg)] : undefined);

/** One navigation step; descends into a block item's inner object when the segment is not the block key. */
const step = (container: unknown, seg: string): unknown => {
  if (Array.isArray(container)) return findItem(container, seg);
  if (!isObject(container)) return undefined;
  if (seg in container) return container[seg];
  const inner = blockInner(container);
  return inner?.[seg];
};

export const getAt = (root: Fields, path: string): { found: boolean; value: unknown } => {
  let node: unknown = root;
  const segs = path.split('.');
  for (const [i, seg] of segs.entries()) {
    const last = i === segs.length - 1;
    const next = step(node, seg);
    if (next === undefined) {
      const holder = isObject(node) ? (seg in node ? node : blockInner(node)) : undefined;
      return { found: last && holder !== undefined && seg in holder, value: undefined };
    }
    node = next;
  }
  return { found: true, value: node };
};

/** Writes `value` at `path`, creating plain objects on the way; an item missing from a list is skipped. */
export const setAt = (root: Fields, path: string, value: unknown): boolean => {
  const segs = path.split('.');
  let node: unknown = root;
  for (const [i, seg] of segs.entries()) {
    const last = i === segs.length - 1;
    if (Array.isArray(node)) {
      const item = findItem(node, seg);
      if (item === undefined) return false;
      if (last) {
        const index = node.indexOf(item);
        node[index] = value;
        return true;
      }
      node = item;
      continue;
    }
    if (!isObject(node)) return false;
    const target = seg in node ? node : (blockInner(node) ?? node);
    if (last) {
      target[seg] = value;
      return true;
    }
    if (target[seg] === undefined || target[seg] === null) target[seg] = {};
    node = target[seg];
  }
  return false;
};

export const deepEqual = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
};

const SKIPPED = new Set(['_metadata', '_variant', 'uid', '_version', 'locale', 'publish_details']);

/** The paths at which `override` differs from `base` (what the CMA computes when a client omits `_change_set`). */
export const changeSet = (base: Fields, override: Fields): string[] => {
  const out: string[] = [];
  const walk = (b: unknown, o: Obj, prefix: string): void => {
    for (const [key, value] of Object.entries(o)) {
      if (SKIPPED.has(key)) continue;
      const path = prefix === '' ? key : `${prefix}.${key}`;
      const before = isObject(b) ? b[key] : undefined;
      if (isObject(before) && isObject(value)) {
        walk(before, value, path);
      } else if (Array.isArray(before) && Array.isArray(value) && value.every((v) => itemUid(v) !== undefined)) {
        diffItems(before, value, path);
      } else if (!deepEqual(before, value)) {
        out.push(path);
      }
    }
  };
  const diffItems = (before: unknown[], after: unknown[], path: string): void => {
    const sameUids = before.length === after.length && before.every((item, i) => itemUid(item) === itemUid(after[i]));
    if (!sameUids) {
      out.push(path);
      return;
    }
    for (const [i, item] of after.entries()) {
      const prior = before[i];
      const uid = itemUid(item) ?? String(i);
      const a = blockInner(item) ?? item;
      const p = blockInner(prior) ?? prior;
      if (isObject(a)) walk(p, a, `${path}.${uid}`);
    }
  };
  walk(base, override, '');
  return out;
};

/** Copies every change-set path present in `source` onto `target` (mutates and returns target). */
export const applyChangeSet = (target: Fields, source: Fields, paths: readonly string[]): Fields => {
  for (const path of paths) {
    const { found, value } = getAt(source, path);
    if (found) setAt(target, path, structuredClone(value));
  }
  return target;
};
