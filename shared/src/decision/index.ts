export * from './assignment-table';
export * from './decide';
export * from './from-version';
export * from './readable';
