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

  describe('Redis', () => {
    it('is one local server by default, or the server REDIS_URL names', () => {
      expect(loadConfig({}).redis).toEqual({ kind: 'standalone', url: 'redis://127.0.0.1:6379' });
      expect(loadConfig({ REDIS_URL: 'rediss://:pw@cache.internal:6380' }).redis).toEqual({
        kind: 'standalone',
        url: 'rediss://:pw@cache.internal:6380',
      });
    });

    it("is a cluster from REDIS_CLUSTER_NODES' seeds, with the first seed's credentials and TLS for every node", () => {
      expect(loadConfig({ REDIS_CLUSTER_NODES: '127.0.0.1:7001, 127.0.0.1:7002' }).redis).toEqual({
        kind: 'cluster',
        seeds: [
          { host: '127.0.0.1', port: 7001 },
          { host: '127.0.0.1', port: 7002 },
        ],
        auth: { tls: false },
      });
      expect(
        loadConfig({
          REDIS_CLUSTER_NODES: 'rediss://app:s%3Acret@node-1.cache.internal:6379,node-2.cache.internal:6379',
        }).redis,
      ).toEqual({
        kind: 'cluster',
        seeds: [
          { host: 'node-1.cache.internal', port: 6379 },
          { host: 'node-2.cache.internal', port: 6379 },
        ],
        auth: { username: 'app', password: 's:cret', tls: true },
      });
    });

    it('refuses both at once, and seeds that are not host:port or a Redis URL, naming the variable', () => {
      expect(() => loadConfig({ REDIS_URL: 'redis://a:6379', REDIS_CLUSTER_NODES: 'b:7001' })).toThrow(
        /REDIS_CLUSTER_NODES.*not both/,
      );
      expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'b:7001,just-a-host' })).toThrow(/REDIS_CLUSTER_NODES/);
      expect(() => loadConfig({ REDIS_URL: 'http://cache:6379' })).toThrow(/REDIS_URL/);
    });
  });
});
