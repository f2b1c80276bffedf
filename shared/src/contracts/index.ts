export * from './installation-configuration';
export * from './ui-api';
