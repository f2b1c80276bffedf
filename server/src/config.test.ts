import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it.each([
    [
      'na',
      'https://api.contentstack.io/v3',
      'https://personalize-api.contentstack.com',
      'https://app.contentstack.com',
    ],
    [
      'eu',
      'https://eu-api.contentstack.com/v3',
      'https://eu-personalize-api.contentstack.com',
      'https://eu-app.contentstack.com',
    ],
    [
      'gcp-eu',
      'https://gcp-eu-api.contentstack.com/v3',
      'https://gcp-eu-personalize-api.contentstack.com',
      'https://gcp-eu-app.contentstack.com',
    ],
  ])('derives the %s base URLs from the region', (region, cma, personalize, app) => {
    const config = loadConfig({ CONTENTSTACK_REGION: region });
    expect(config.cmaUrl).toBe(cma);
    expect(config.personalizeUrl).toBe(personalize);
    expect(config.publicKeysUrl).toBe(`${app}/.well-known/public-keys.json`);
  });

  it('lets explicit URLs (the sandbox in development) win over the region', () => {
    const config = loadConfig({
      CONTENTSTACK_REGION: 'eu',
      CONTENTSTACK_CMA_URL: 'http://127.0.0.1:4100/v3',
      PERSONALIZE_API_URL: 'http://127.0.0.1:4100/personalize',
      CONTENTSTACK_PUBLIC_KEYS_URL: 'http://127.0.0.1:4100/.well-known/public-keys.json',
    });
    expect([config.cmaUrl, config.personalizeUrl, config.publicKeysUrl]).toEqual([
      'http://127.0.0.1:4100/v3',
      'http://127.0.0.1:4100/personalize',
      'http://127.0.0.1:4100/.well-known/public-keys.json',
    ]);
  });

  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 4000,
      WEBHOOK_FRESHNESS_SECONDS: 900,
      WEBHOOK_MAX_BYTES: 1024 * 1024,
      BUDGET_CMA_READS_PER_SECOND: 10,
      BUDGET_CMA_WRITES_PER_SECOND: 10,
      BUDGET_PERSONALIZE_PER_SECOND: 10,
      BUDGET_WINDOW_MARGIN_MS: 250,
      BUDGET_HEADROOM_PERCENT: 20,
      SWEEP_INTERVAL_MS: 300_000,
      POLL_INTERVAL_S: 10,
      SYNC_DEADLINE_S: 120,
      MIRROR_DELETED_EXPERIENCE: 'keep',
    });
  });

  it('names the failing variable', () => {
    expect(() => loadConfig({ CONTENTSTACK_REGION: 'mars' })).toThrow(/CONTENTSTACK_REGION/);
    expect(() => loadConfig({ BUDGET_CMA_WRITES_PER_SECOND: '0' })).toThrow(/BUDGET_CMA_WRITES_PER_SECOND/);
  });
});
