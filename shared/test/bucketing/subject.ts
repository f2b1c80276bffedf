// The code and cases under test, gathered in one place for the tests of this folder.
export * from '../../src/bucketing/index';
export { chiSquareSurvival, sampleRatioMismatch } from '../../src/stats/index';
export { default as hashCases } from '../../cases/bucketing/growthbook-hash.json';
export { default as splitChangeCases } from '../../cases/bucketing/split-changes.json';
