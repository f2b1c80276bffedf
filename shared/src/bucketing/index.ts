export * from './hash';
export * from './ranges';
export * from './assign';
