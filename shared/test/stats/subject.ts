// The code and cases under test, gathered in one place for the tests of this folder.
export * from '../../src/stats/index';
export { default as srmCases } from '../../cases/stats/srm.json';
export { default as upliftCases } from '../../cases/stats/uplift.json';
