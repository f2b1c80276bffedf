export * from './result';
export * from './validation';
export * from './errors';
