// The versioned JSON that `GET /edge/table` publishes and an edge worker decides from: the project's assignment table
// (the same pure value the server compiles) plus what a worker needs to know about it. Only the decision part of the
// stored table leaves the server: coverage, metrics and variant groups stay behind.
import { z } from 'zod';
import { assignmentTableSchema, type AssignmentTable } from '../decision/assignment-table';
import type { RuleNode } from '../personalize/audience';

/** Bumped when the document changes incompatibly; a worker refuses a format it does not know. */
export const EDGE_TABLE_FORMAT = 'pb-edge-table/1';

export const edgeTableDocumentSchema = z.object({
  format: z.literal(EDGE_TABLE_FORMAT),
  projectUid: z.string().min(1),
  /** The stored table's revision (0: the project has no table yet and serves an empty manifest). */
  revision: z.number().int().nonnegative(),
  compiledAt: z.string().nullable(),
  /**
   * The custom attribute keys the audiences read (as visitors' attributes are keyed). A worker must learn a returning
   * visitor's stored attributes (they live in the server's Redis) only when one of these is not sent live: empty
   * means never.
   */
  customAttributeKeys: z.array(z.string()),
  table: assignmentTableSchema,
});
export type EdgeTableDocument = z.infer<typeof edgeTableDocumentSchema>;

function collectCustomRefs(node: RuleNode, into: Set<string>): void {
  if (node.__type === 'RuleCombination') {
    for (const rule of node.rules) collectCustomRefs(rule, into);
  } else if (node.attribute.__type === 'CustomAttributeReference') {
    into.add(node.attribute.ref);
  }
}

/**
 * The keys of the custom attributes any audience of the table reads, sorted. A rule names its attribute by uid; the
 * engine reads it under the key the table maps it to, or under the uid itself (audience-eval/compile.ts).
 */
export function customAttributeKeysOf(table: AssignmentTable): string[] {
  const refs = new Set<string>();
  for (const audience of table.audiences) collectCustomRefs(audience.definition, refs);
  const keys = table.attributeKeys ?? {};
  return [...new Set([...refs].map((ref) => (Object.hasOwn(keys, ref) ? (keys[ref] ?? ref) : ref)))].sort();
}

export function edgeTableDocument(
  projectUid: string,
  stored: { revision: number; compiledAt: string; table: AssignmentTable } | null,
): EdgeTableDocument {
  const table = stored?.table ?? { experiences: [], audiences: [], attributeKeys: {} };
  return {
    format: EDGE_TABLE_FORMAT,
    projectUid,
    revision: stored?.revision ?? 0,
    compiledAt: stored?.compiledAt ?? null,
    customAttributeKeys: customAttributeKeysOf(table),
    table,
  };
}
