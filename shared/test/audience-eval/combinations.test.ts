import { describe, expect, it } from 'vitest';
import { caseContext } from './case-context';
import type { Audience, EvaluationContext } from './subject';
import {
  combinationCases,
  combineAudiences,
  compileAudiences,
  compileRuleCombination,
  ruleCombinationSchema,
} from './subject';

const customAttributeKey = (uid: string) => (uid === 'blt_attr_plan' ? 'plan' : undefined);

describe('rule combinations', () => {
  it.each(combinationCases.cases)('$name → $expected', (c) => {
    const definition = ruleCombinationSchema.parse(c.definition);
    expect(compileRuleCombination(definition, { customAttributeKey })(caseContext(c.context))).toBe(c.expected);
  });
});

describe('audiences referenced by uid', () => {
  const audience = (uid: string, country: string): Audience => ({
    uid,
    name: uid,
    definition: {
      __type: 'RuleCombination',
      combinationType: 'AND',
      rules: [
        {
          __type: 'Rule',
          attribute: { __type: 'PresetAttributeReference', ref: 'COUNTRY' },
          attributeMatchCondition: 'STRING_EQUALS',
          attributeMatchOptions: { __type: 'StringMatchOptions', value: country },
          invertCondition: false,
        },
      ],
    },
  });
  const compiled = compileAudiences([audience('germany', 'DE'), audience('austria', 'AT')]);
  const from = (country: string): EvaluationContext => ({ preset: { COUNTRY: country }, custom: {} });

  it('no audiences means everyone', () => {
    expect(combineAudiences([], 'AND', compiled)(from('FR'))).toBe(true);
  });

  it('OR matches any, AND needs all', () => {
    expect(combineAudiences(['germany', 'austria'], 'OR', compiled)(from('AT'))).toBe(true);
    expect(combineAudiences(['germany', 'austria'], 'AND', compiled)(from('AT'))).toBe(false);
    expect(combineAudiences(['germany'], 'AND', compiled)(from('DE'))).toBe(true);
  });

  it('an unknown audience uid never matches and does not widen an OR', () => {
    expect(combineAudiences(['deleted'], 'OR', compiled)(from('DE'))).toBe(false);
    expect(combineAudiences(['deleted', 'austria'], 'OR', compiled)(from('DE'))).toBe(false);
    expect(combineAudiences(['deleted', 'germany'], 'AND', compiled)(from('DE'))).toBe(false);
  });
});
