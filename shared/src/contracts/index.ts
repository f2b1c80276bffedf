export * from './installation-configuration';
