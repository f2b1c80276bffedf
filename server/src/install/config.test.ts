import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';

const production = { NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40) };

describe('installation secret configuration', () => {
  it('is required in production', () => {
    expect(() => loadConfig(production)).toThrow('INSTALLATION_SECRET_KEY: required when NODE_ENV=production');
  });

  it('must be base64 of 32 bytes, naming the variable at fault', () => {
    expect(() => loadConfig({ INSTALLATION_SECRET_KEY: randomBytes(16).toString('base64') })).toThrow(
      'INSTALLATION_SECRET_KEY: must be base64 of 32 bytes',
    );
    expect(() => loadConfig({ INSTALLATION_SECRET_KEY_PREVIOUS: 'not base64!' })).toThrow(
      'INSTALLATION_SECRET_KEY_PREVIOUS: must be base64 of 32 bytes',
    );
  });

  it('seals with the current key and keeps the previous one for opening', () => {
    const current = randomBytes(32);
    const previous = randomBytes(32);
    const config = loadConfig({
      ...production,
      INSTALLATION_SECRET_KEY: current.toString('base64'),
      INSTALLATION_SECRET_KEY_PREVIOUS: previous.toString('base64'),
    });
    expect(config.installationSecretKeys).toEqual([current, previous]);
  });

  it('defaults the apps API to the region and OAuth to unconfigured', () => {
    const config = loadConfig({ CONTENTSTACK_REGION: 'eu' });
    expect(config.appsApiUrl).toBe('https://eu-app.contentstack.com/apps-api');
    expect(config.APP_CLIENT_ID).toBeUndefined();
  });
});
