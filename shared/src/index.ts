// The pure domain of personalize-bridge: models and zod schemas, pure helpers. No I/O, no Node built-ins.
export * from './core/index';
export * from './personalize/index';
export * from './cms/index';
export * from './webhook/index';
export * from './mirror/index';
export * from './bucketing/index';
export * from './stats/index';
export * from './audience-eval/index';
export * from './decision/index';
export * from './edge-runtime/index';
export * from './contracts/index';
