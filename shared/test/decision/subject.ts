// The code and cases under test, gathered in one place for the tests of this folder.
export * from '../../src/decision/index';
export { allocateRanges, sharesOf } from '../../src/bucketing/index';
export { presetAttributesFromRequest } from '../../src/audience-eval/index';
export { chiSquareSurvival } from '../../src/stats/index';
export type { Audience } from '../../src/personalize/audience';
