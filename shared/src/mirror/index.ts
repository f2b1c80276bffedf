export * from './model';
export * from './planner';
export * from './fingerprint';
export * from './jobs';
export * from './alias';
