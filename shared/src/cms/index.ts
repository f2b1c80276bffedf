export * from './content-type';
export * from './entry';
export * from './variant-group';
export * from './entry-variant';
export * from './alias';
export {
  ABSENT as ABSENT_AT_PATH,
  blockTypeOf,
  canonicalPath,
  instanceUidOf,
  isInstanceArray,
  valueAtPath,
  type JsonObject,
} from './entry-path';
export * from './change-set';
export * from './apply-variant';
export * from './entry-variant-body';
