export * from './counts';
export * from './distributions';
export * from './srm';
export * from './uplift';
export * from './probability-to-be-best';
export * from './results';
