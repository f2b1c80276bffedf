// The store against real Redis, with the OAuth endpoint as a scripted port: the refusal and race paths that the
// sandbox cannot be made to produce on demand (a revoked grant without an uninstall, a refresh racing a reinstall).
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { InstallationStore } from './installation-store';
import type { AppTokens, OAuthClient } from './oauth-client';
import { createSecretBox } from './secret-box';
import { REDIS_URL, removePrefix } from '@pb/test/support/redis';

const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
const prefix = `pbstore${randomBytes(4).toString('hex')}`;
const now = 1_800_000_000_000;
let refreshAnswers: Awaited<ReturnType<OAuthClient['refresh']>>[] = [];
let refreshCalls = 0;

const oauth: OAuthClient = {
  exchangeCode: () => Promise.reject(new Error('not used')),
  refresh: async () => {
    refreshCalls += 1;
    await new Promise((r) => setTimeout(r, 30)); // long enough for concurrent callers to pile up on the lock
    return refreshAnswers.shift() ?? { ok: false, reason: 'invalid-grant', detail: 'invalid_grant' };
  },
};

const tokens = (n: number, expiresInMs = 3_600_000): AppTokens => ({
  accessToken: `access-${n}`,
  refreshToken: `refresh-${n}`,
  expiresAt: now + expiresInMs,
  organizationUid: 'org-1',
});

function store(box = createSecretBox([randomBytes(32)])) {
  return new InstallationStore(redis, {
    prefix,
    box,
    oauth,
    resolveProject: () => Promise.resolve('project-1'),
    refreshMarginMs: 600_000,
    now: () => now,
  });
}

const who = { stackApiKey: 'stack-a', installationUid: 'inst-1', organizationUid: 'org-1' };

beforeEach(async () => {
  refreshAnswers = [];
  refreshCalls = 0;
  await removePrefix(redis, prefix);
});

afterAll(async () => {
  await removePrefix(redis, prefix);
  redis.disconnect();
});

describe('installation store', () => {
  it('hands out the app token with its project once authorized, and nothing before', async () => {
    const s = store();
    await s.recordInstall({ ...who, appUid: 'app-1', configuration: { a: 1 } });
    expect(await s.status('stack-a')).toBe('awaiting-authorization');
    expect(await s.forStack('stack-a')).toBeUndefined();
    await s.recordTokens(who, tokens(1));
    expect(await s.forStack('stack-a')).toEqual({
      stackApiKey: 'stack-a',
      organizationUid: 'org-1',
      projectUid: 'project-1',
      installationUid: 'inst-1',
      auth: { kind: 'app-token', accessToken: 'access-1' },
    });
    expect((await s.view('stack-a'))?.configuration).toEqual({ a: 1 });
  });

  it('refreshes once for many concurrent callers inside the margin', async () => {
    const s = store();
    await s.recordTokens(who, tokens(1, 300_000));
    refreshAnswers = [{ ok: true, tokens: tokens(2) }];
    const all = await Promise.all(Array.from({ length: 8 }, () => s.forStack('stack-a')));
    expect(refreshCalls).toBe(1);
    expect(new Set(all.map((i) => JSON.stringify(i?.auth)))).toEqual(
      new Set([JSON.stringify({ kind: 'app-token', accessToken: 'access-2' })]),
    );
  });

  it('stops using an installation whose grant the platform refuses, but keeps knowing the stack', async () => {
    const s = store();
    await s.recordTokens(who, tokens(1, 60_000));
    refreshAnswers = [{ ok: false, reason: 'invalid-grant', detail: 'invalid_grant' }];
    expect(await s.forStack('stack-a')).toBeUndefined();
    expect(await s.status('stack-a')).toBe('authorization-lost');
    // A new authorization (the admin re-authorizes) makes it active again.
    await s.recordTokens(who, tokens(3));
    expect((await s.forStack('stack-a'))?.auth).toEqual({ kind: 'app-token', accessToken: 'access-3' });
  });

  it('lets a reinstall replace an installation whose uninstall was lost, and reports it for purging', async () => {
    const s = store();
    await s.recordTokens(who, tokens(1));
    const { replaced } = await s.recordInstall({ ...who, installationUid: 'inst-2', organizationUid: 'org-1' });
    expect(replaced?.installationUid).toBe('inst-1');
    expect(await s.forStack('stack-a')).toBeUndefined(); // the new one awaits its own authorization
    expect(await s.remove('stack-a', 'inst-1')).toBeUndefined(); // a late uninstall of the old one changes nothing
    expect(await s.status('stack-a')).toBe('awaiting-authorization');
  });

  it('treats records sealed with an unknown key as unreadable rather than leaking or crashing', async () => {
    await store().recordTokens(who, tokens(1));
    const other = store(createSecretBox([randomBytes(32)]));
    expect(await other.forStack('stack-a')).toBeUndefined();
    expect((await other.view('stack-a'))?.serverConfiguration).toEqual({});
  });
});

describe('the configuration screen’s mirror policies', () => {
  it('reach the installation, and a malformed section falls back to the server’s', async () => {
    const s = store();
    await s.recordInstall({
      ...who,
      configuration: {
        mirror: {
          deleted_experience: 'unlink-content-types',
          auto_link_content_types: ['hero', 'banner', 'hero'],
        },
      },
    });
    await s.recordTokens(who, tokens(1));
    const installed = await s.forStack('stack-a');
    expect(installed?.mirrorPolicy).toEqual({ deletedExperience: 'unlink-content-types' });
    expect(installed?.autoLinkContentTypes).toEqual(['banner', 'hero']);
    // A value saved before the guard followed Personalize's sync reads as the nearest policy.
    await s.recordUpdate({ ...who, configuration: { mirror: { deleted_experience: 'delete' } } });
    expect((await s.forStack('stack-a'))?.mirrorPolicy).toEqual({ deletedExperience: 'unlink-content-types' });
    await s.recordUpdate({ ...who, configuration: { mirror: { deleted_experience: 'shred-everything' } } });
    expect(await s.forStack('stack-a')).not.toHaveProperty('mirrorPolicy');
    expect(await s.forStack('stack-a')).not.toHaveProperty('autoLinkContentTypes');
  });
});
