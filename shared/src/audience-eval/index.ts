export * from './context';
export * from './query-parameters';
export * from './compile';
export * from './audiences';
export * from './user-agent';
export * from './preset-attributes';
