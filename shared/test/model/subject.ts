// The code and cases under test, gathered in one place for the tests of this folder.
export * from '../../src/core/index';
export * from '../../src/personalize/index';
export * from '../../src/cms/index';
export * from '../../src/webhook/index';
export { default as schemaCases } from '../../cases/model/schema-cases.json';
export { default as changeSetCases } from '../../cases/model/change-set-cases.json';
export { default as coreCases } from '../../cases/model/core-cases.json';
