/**
 * The values a query path names inside an entry. Contentstack addresses nested fields by dot-separated uids:
 * `group.field` for a group, `blocks.block_uid.field` for a modular block (each item is `{block_uid: {...}}`).
 * Repeated groups and blocks are lists, so a path fans out over their items and names many values: a condition holds
 * when any of them satisfies it (MongoDB's semantics, which Contentstack's query language follows).
 */
import { isObject } from '../cma/field-paths';

/** The values at the end of `path` (arrays kept whole); empty when the path leads nowhere. */
export const leavesAt = (doc: Record<string, unknown>, path: string): unknown[] => {
  let nodes: unknown[] = [doc];
  for (const seg of path.split('.')) {
    const next: unknown[] = [];
    for (const node of nodes) {
      const items = Array.isArray(node) ? node : [node];
      for (const item of items) {
        if (isObject(item) && seg in item) next.push(item[seg]);
      }
    }
    nodes = next;
  }
  return nodes.filter((v) => v !== undefined);
};

/** What a comparison looks at: each leaf, and each element of a leaf that is a list (a multiple field, tags). */
export const candidates = (leaves: unknown[]): unknown[] =>
  leaves.flatMap((v) => (Array.isArray(v) ? [v, ...(v as unknown[])] : [v]));
