export * from './common';
export * from './project';
export * from './attribute';
export * from './event';
export * from './audience';
export * from './experience';
