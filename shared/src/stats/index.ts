export * from './counts';
export * from './distributions';
export * from './srm';
export * from './beta-posterior';
export * from './chance-to-beat';
export * from './uplift';
export * from './probability-to-be-best';
export * from './results';
