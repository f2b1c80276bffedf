// The code and cases under test, gathered in one place for the tests of this folder.
export * from '../../src/audience-eval/index';
export { MATCH_CONDITIONS, ruleCombinationSchema, ruleSchema, audienceSchema } from '../../src/personalize/audience';
export type { Audience, Rule, RuleCombination } from '../../src/personalize/audience';
export { default as ruleCases } from '../../cases/audience-eval/rules.json';
export { default as combinationCases } from '../../cases/audience-eval/combinations.json';
export { default as userAgentCases } from '../../cases/audience-eval/user-agents.json';
