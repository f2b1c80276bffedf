// Which tables need the visitor's stored attributes (the manifest skips the Redis read for the others), and the
// visitor's key.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { emptyTable, type Audience, type RuleNode } from '@pb/shared';
import { readsCustomAttributes, userAttributesKey } from './user-attributes';

const country: RuleNode = {
  __type: 'Rule',
  attribute: { __type: 'PresetAttributeReference', ref: 'COUNTRY' },
  attributeMatchCondition: 'STRING_EQUALS',
  attributeMatchOptions: { __type: 'StringMatchOptions', value: 'DE' },
  invertCondition: false,
};
const gold: RuleNode = {
  __type: 'Rule',
  attribute: { __type: 'CustomAttributeReference', ref: 'uid_tier' },
  attributeMatchCondition: 'STRING_EQUALS',
  attributeMatchOptions: { __type: 'StringMatchOptions', value: 'gold' },
  invertCondition: false,
};

function tableWith(...definitions: RuleNode[][]) {
  const { table } = emptyTable('proj', 'stack');
  const audiences: Audience[] = definitions.map((rules, i) => ({
    uid: `aud${i}`,
    name: `audience ${i}`,
    definition: { __type: 'RuleCombination', combinationType: 'AND', rules },
  }));
  return { ...table, audiences };
}

describe('readsCustomAttributes', () => {
  it('is false for a table without audiences or with preset attributes only', () => {
    expect(readsCustomAttributes(tableWith())).toBe(false);
    expect(readsCustomAttributes(tableWith([country], [country, country]))).toBe(false);
  });

  it('is true when any audience tests a custom attribute, however deeply nested', () => {
    expect(readsCustomAttributes(tableWith([country], [gold]))).toBe(true);
    const nested: RuleNode = {
      __type: 'RuleCombination',
      combinationType: 'OR',
      rules: [country, { __type: 'RuleCombination', combinationType: 'AND', rules: [country, gold] }],
    };
    expect(readsCustomAttributes(tableWith([country, nested]))).toBe(true);
  });
});

describe('userAttributesKey', () => {
  it("fits Redis' 64-byte allocation for a default prefix, a 24-character project uid and an issued UUID", () => {
    const key = userAttributesKey('pb', '0123456789abcdef01234567', randomUUID());
    // sds: 3 header bytes, the key, a terminator.
    expect(3 + key.length + 1).toBeLessThanOrEqual(64);
  });

  it("starts with the project's hash-tagged stem, the same for UUID and text uids", () => {
    const stem = Buffer.from('pb:ua:{prj:proj1}:');
    for (const uid of [randomUUID(), 'crm-000123456']) {
      const key = userAttributesKey('pb', 'proj1', uid);
      expect(key.subarray(0, stem.length)).toEqual(stem);
    }
  });
});
