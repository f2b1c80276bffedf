/**
 * The sandbox's app asks for exactly what manifest.json asks for: its scopes are read from the manifest (read
 * here independently as the oracle), and a missing manifest fails loudly instead of falling back to a list.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MANIFEST_URL, defaultAppDefinition, manifestScopes } from '../../src/apps/app-definition';

describe('app scopes from manifest.json', () => {
  it('are the manifest’s oauth.app_token_config.scopes, in order', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../../manifest.json', import.meta.url), 'utf8')) as {
      oauth: { app_token_config: { scopes: string[] } };
    };
    expect(MANIFEST_URL.href).toBe(new URL('../../../manifest.json', import.meta.url).href);
    expect(defaultAppDefinition().scopes).toEqual(manifest.oauth.app_token_config.scopes);
  });

  it('variant-group writes need cm.content-types.management:write, which the manifest must ask for', () => {
    expect(manifestScopes()).toContain('cm.content-types.management:write');
  });

  it('fails with a clear message when the manifest is missing or has no scopes', () => {
    expect(() => manifestScopes(new URL('file:///nonexistent/manifest.json'))).toThrow(
      /cannot read the app manifest at \/nonexistent\/manifest\.json/,
    );
    expect(() => manifestScopes(new URL('../../package.json', import.meta.url))).toThrow(
      /has no oauth\.app_token_config\.scopes/,
    );
  });
});
