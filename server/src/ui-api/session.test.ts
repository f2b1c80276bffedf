import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { createSessionIssuer } from './session';

const claims = {
  organization_uid: 'org1',
  installation_uid: 'inst1',
  app_uid: 'app1',
  stack_api_key: 'stack1',
  user_uid: 'user1',
};

describe('UI sessions', () => {
  it('round-trips the binding to stack, installation, organization and user', async () => {
    const issuer = createSessionIssuer({ secret: 's'.repeat(32), ttlSeconds: 900 });
    const { token, expiresIn } = await issuer.issue(claims);
    expect(expiresIn).toBe(900);
    expect(await issuer.verify(token)).toEqual({
      ok: true,
      session: { stackApiKey: 'stack1', installationUid: 'inst1', organizationUid: 'org1', userUid: 'user1' },
    });
  });

  it('refuses an expired session and one signed with another secret', async () => {
    let now = Date.UTC(2026, 10, 28, 12);
    const issuer = createSessionIssuer({ secret: 's'.repeat(32), ttlSeconds: 900, now: () => now });
    const { token } = await issuer.issue(claims);
    now += 901_000;
    expect(await issuer.verify(token)).toEqual({ ok: false, reason: 'session-expired' });
    const other = createSessionIssuer({ secret: 'o'.repeat(32), ttlSeconds: 900 });
    expect(await other.verify((await other.issue(claims)).token)).toMatchObject({ ok: true });
    expect(await other.verify(token)).toEqual({ ok: false, reason: 'session-invalid' });
  });
});

describe('session secret configuration', () => {
  it('is required in production, at least 32 characters, and random per boot elsewhere', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow('SESSION_SECRET: required when NODE_ENV=production');
    expect(() => loadConfig({ SESSION_SECRET: 'short' })).toThrow('SESSION_SECRET: needs at least 32 characters');
    const installationKey = Buffer.alloc(32, 7).toString('base64');
    expect(
      loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'k'.repeat(40), INSTALLATION_SECRET_KEY: installationKey })
        .sessionSecret,
    ).toBe('k'.repeat(40));
    expect(loadConfig({}).sessionSecret).not.toBe(loadConfig({}).sessionSecret);
  });
});
