import { describe, expect, it } from 'vitest';
import { followedVersion } from '../../src/mirror/followed-version';

// Newest first, as Personalize lists them.
const versions = [
  { uid: 'v3', status: 'DRAFT' },
  { uid: 'v2', status: 'ACTIVE' },
  { uid: 'v1', status: 'PAUSED' },
];

describe('followedVersion', () => {
  it('follows the ACTIVE version, whatever the latest is', () => {
    expect(followedVersion({ latestVersion: 'v3' }, versions)?.uid).toBe('v2');
  });

  it('without an ACTIVE one, follows the experience’s latestVersion', () => {
    const none = versions.map((v) => ({ ...v, status: v.status === 'ACTIVE' ? 'PAUSED' : v.status }));
    expect(followedVersion({ latestVersion: 'v1' }, none)?.uid).toBe('v1');
  });

  it('without either, follows the newest listed (the first), not the oldest', () => {
    const none = versions.map((v) => ({ ...v, status: 'DRAFT' }));
    expect(followedVersion({ latestVersion: null }, none)?.uid).toBe('v3');
    expect(followedVersion({ latestVersion: 'gone' }, none)?.uid).toBe('v3');
  });

  it('is null for an experience with no version', () => {
    expect(followedVersion({ latestVersion: null }, [])).toBeNull();
  });
});
