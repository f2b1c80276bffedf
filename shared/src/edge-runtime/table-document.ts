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
   * Whether an audience reads a custom attribute: only then must a worker learn a returning visitor's stored
   * attributes (they live in the server's Redis) before deciding.
   */
  usesCustomAttributes: z.boolean(),
  table: assignmentTableSchema,
});
export type EdgeTableDocument = z.infer<typeof edgeTableDocumentSchema>;

function nodeUsesCustom(node: RuleNode): boolean {
  if (node.__type === 'RuleCombination') return node.rules.some(nodeUsesCustom);
  return node.attribute.__type === 'CustomAttributeReference';
}

/** Whether any audience the table holds has a rule on a custom attribute. */
export function tableUsesCustomAttributes(table: AssignmentTable): boolean {
  return table.audiences.some((audience) => nodeUsesCustom(audience.definition));
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
    usesCustomAttributes: tableUsesCustomAttributes(table),
    table,
  };
}
