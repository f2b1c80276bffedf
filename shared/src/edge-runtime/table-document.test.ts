import { describe, expect, it } from 'vitest';
import type { Audience, RuleNode } from '../personalize/audience';
import { customAttributeKeysOf, EDGE_TABLE_FORMAT, edgeTableDocument, edgeTableDocumentSchema } from './table-document';

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

describe('customAttributeKeysOf', () => {
  it('is empty for preset-only audiences and for no audiences', () => {
    expect(customAttributeKeysOf(table([]))).toEqual([]);
    expect(customAttributeKeysOf(table([audience('eu', [rule('PresetAttributeReference', 'COUNTRY')])]))).toEqual([]);
  });

  it('finds custom attribute rules nested in combinations, by the key the table maps their uid to', () => {
    const nested = audience('gold', [
      rule('PresetAttributeReference', 'COUNTRY'),
      rule('CustomAttributeReference', 'attr_unmapped'),
      {
        __type: 'RuleCombination',
        combinationType: 'OR',
        rules: [rule('CustomAttributeReference', 'attr_tier'), rule('CustomAttributeReference', 'attr_tier')],
      },
    ]);
    const mapped = { ...table([nested]), attributeKeys: { attr_tier: 'loyalty_tier' } };
    expect(customAttributeKeysOf(mapped)).toEqual(['attr_unmapped', 'loyalty_tier']);
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
      customAttributeKeys: [],
      table: { experiences: [], audiences: [], attributeKeys: {} },
    });
    expect(edgeTableDocumentSchema.parse(JSON.parse(JSON.stringify(document)))).toEqual(document);
  });

  it('refuses a document of another format', () => {
    const other = { ...edgeTableDocument('proj', null), format: 'pb-edge-table/2' };
    expect(edgeTableDocumentSchema.safeParse(other).success).toBe(false);
  });
});
