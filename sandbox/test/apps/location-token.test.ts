import { createLocalJWKSet, decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import type { JSONWebKeySet } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppPlatform } from '../../src/apps';
import { STACK_A, jsonOf } from './support/harness';
import type { Harness } from './support/harness';
import { post, startPlatform } from './support/platform-harness';

describe('signed-location app tokens', () => {
  let h: Harness;
  let platform: AppPlatform;

  beforeEach(async () => {
    ({ h, platform } = await startPlatform());
  });
  afterEach(() => h.close());

  const keyDocument = async (): Promise<Record<string, string>> =>
    (await jsonOf(await fetch(`${h.url}/.well-known/public-keys.json`))) as Record<string, string>;

  const appToken = async (): Promise<{ app_token: string; installation_uid: string }> => {
    const res = await post(`${h.url}/_sandbox/app-token`, {
      location: 'cs.cm.stack.sidebar',
      api_key: STACK_A.apiKey,
      user_uid: 'blt_user_a',
    });
    expect(res.status).toBe(201);
    return (await jsonOf(res)) as { app_token: string; installation_uid: string };
  };

  it('issues an RS256 JWT with the documented payload that verifies against the served keys', async () => {
    await post(`${h.url}/_sandbox/installations`, { api_key: STACK_A.apiKey });
    const { app_token, installation_uid } = await appToken();

    const pem = (await keyDocument())['signing-key'];
    const { payload, protectedHeader } = await jwtVerify(app_token, await importSPKI(String(pem), 'RS256'), {
      algorithms: ['RS256'],
    });
    expect(protectedHeader.kid).toBe(platform.keys.current().kid);
    expect(payload).toMatchObject({
      organization_uid: STACK_A.orgUid,
      installation_uid,
      app_uid: platform.app()['app_uid'],
      stack_api_key: STACK_A.apiKey,
      user_uid: 'blt_user_a',
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(300);

    const jwks = (await jsonOf(await fetch(`${h.url}/.well-known/jwks.json`))) as JSONWebKeySet;
    await expect(jwtVerify(app_token, createLocalJWKSet(jwks))).resolves.toBeDefined();
  });

  it('a token signed by another key does not verify; the old key stays published after rotation', async () => {
    await post(`${h.url}/_sandbox/installations`, { api_key: STACK_A.apiKey });
    const { app_token } = await appToken();
    const rotated = await post(`${h.url}/_sandbox/rotate-signing-key`, {});
    expect(rotated.status).toBe(200);
    const doc = await keyDocument();
    await expect(jwtVerify(app_token, await importSPKI(String(doc['signing-key']), 'RS256'))).rejects.toThrow();
    await expect(jwtVerify(app_token, await importSPKI(String(doc['signing-key-1']), 'RS256'))).resolves.toBeDefined();
    const jwks = (await jsonOf(await fetch(`${h.url}/.well-known/jwks.json`))) as JSONWebKeySet;
    expect(jwks.keys).toHaveLength(2);
    // The kid picks the right key out of the set.
    await expect(jwtVerify(app_token, createLocalJWKSet(jwks))).resolves.toBeDefined();
    expect(decodeProtectedHeader(app_token).kid).toBe(jwks.keys[1]?.kid);
  });

  it('expires after five minutes', async () => {
    await post(`${h.url}/_sandbox/installations`, { api_key: STACK_A.apiKey });
    const { app_token } = await appToken();
    const pem = (await keyDocument())['signing-key'];
    const later = new Date(Date.now() + 301_000);
    await expect(jwtVerify(app_token, await importSPKI(String(pem), 'RS256'), { currentDate: later })).rejects.toThrow(
      /exp/,
    );
  });
});
