export * from './envelope';
export * from './channels';
