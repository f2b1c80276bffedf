import { describe, expect, it } from 'vitest';
import type { Audience, RuleNode } from '../personalize/audience';
import {
  EDGE_TABLE_FORMAT,
  edgeTableDocument,
  edgeTableDocumentSchema,
  tableUsesCustomAttributes,
} from './table-document';

const rule = (type: 'PresetAttributeReference' | 'CustomAttributeReference', ref: string): RuleNode => ({
  __type: 'Rule',
  attribute: type === 'PresetAttributeReference' ? { __type: type, ref: 'COUNTRY' } : { __type: type, ref },
  attributeMatchCondition: 'STRING_EQUALS',
  attributeMatchOptions: { __type: 'StringMatchOptions', value: 'DE' },
  invertCondition: false,
});
const audience = (uid: string, rules: RuleNode[]): Audience => ({
  uid,
  name: uid,
  definition: { __type: 'RuleCombination', combinationType: 'AND', rules },
});
const table = (audiences: Audience[]) => ({ experiences: [], audiences, attributeKeys: {} });

describe('tableUsesCustomAttributes', () => {
  it('is false for preset-only audiences and for no audiences', () => {
    expect(tableUsesCustomAttributes(table([]))).toBe(false);
    expect(tableUsesCustomAttributes(table([audience('eu', [rule('PresetAttributeReference', 'COUNTRY')])]))).toBe(
      false,
    );
  });

  it('finds a custom attribute rule nested in a combination', () => {
    const nested = audience('gold', [
      rule('PresetAttributeReference', 'COUNTRY'),
      { __type: 'RuleCombination', combinationType: 'OR', rules: [rule('CustomAttributeReference', 'attr_tier')] },
    ]);
    expect(tableUsesCustomAttributes(table([nested]))).toBe(true);
  });
});

describe('edgeTableDocument', () => {
  it('publishes an empty table at revision 0 for a project with none, and parses back', () => {
    const document = edgeTableDocument('proj', null);
    expect(document).toEqual({
      format: EDGE_TABLE_FORMAT,
      projectUid: 'proj',
      revision: 0,
      compiledAt: null,
      usesCustomAttributes: false,
      table: { experiences: [], audiences: [], attributeKeys: {} },
    });
    expect(edgeTableDocumentSchema.parse(JSON.parse(JSON.stringify(document)))).toEqual(document);
  });

  it('refuses a document of another format', () => {
    const other = { ...edgeTableDocument('proj', null), format: 'pb-edge-table/2' };
    expect(edgeTableDocumentSchema.safeParse(other).success).toBe(false);
  });
});
