import { describe, expect, it } from 'vitest';
import { caseContext } from './case-context';
import type { Rule, RuleCombination } from './subject';
import { MATCH_CONDITIONS, compileRuleCombination, explainRule, ruleCases, ruleSchema } from './subject';

describe.each(ruleCases.cases)('$name', (c) => {
  const ctx = caseContext(c.context);
  const parsed = ruleSchema.safeParse(c.rule);
  // Rules the grammar rejects are kept in the cases to pin the compiler's guard; they are fed to it unparsed.
  const rule = (parsed.success ? parsed.data : c.rule) as Rule;

  it(`is ${c.outcome}`, () => {
    expect(parsed.success).toBe(c.outcome !== 'invalid-rule');
    expect(explainRule(rule, ctx)).toBe(c.outcome);
  });

  it('matches as a compiled one-rule audience exactly when its outcome is match', () => {
    const audience: RuleCombination = { __type: 'RuleCombination', combinationType: 'AND', rules: [rule] };
    expect(compileRuleCombination(audience)(ctx)).toBe(c.outcome === 'match');
  });
});

describe('the case file', () => {
  it('covers every match condition, inverted and not, and every outcome', () => {
    const conditions = new Set(ruleCases.cases.map((c) => c.rule.attributeMatchCondition));
    expect([...MATCH_CONDITIONS].filter((m) => !conditions.has(m))).toEqual([]);
    expect(ruleCases.cases.some((c) => c.rule.invertCondition)).toBe(true);
    const outcomes = new Set(ruleCases.cases.map((c) => c.outcome));
    expect([...outcomes].sort()).toEqual(['invalid-rule', 'match', 'missing-attribute', 'no-match', 'type-mismatch']);
  });
});
