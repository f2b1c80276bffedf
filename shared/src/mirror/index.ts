export * from './model';
export * from './guard';
export * from './fingerprint';
export * from './jobs';
export * from './alias';
export * from './followed-version';
