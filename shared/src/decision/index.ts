export * from './assignment-table';
export * from './decide';
export * from './from-version';
export * from './readable';
export * from './stored-table';
export * from './plan-table';
