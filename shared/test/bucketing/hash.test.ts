import { describe, expect, it } from 'vitest';
import { bucketFraction, fnv1a32, growthbookHash, hash32, hashCases } from './subject';

describe('growthbookHash reproduces GrowthBook’s published vectors', () => {
  it.each(hashCases.cases)('hash($seed, $value, $version) = $expected', ({ seed, value, version, expected }) => {
    expect(growthbookHash(seed, value, version)).toBe(expected);
  });
});

describe('fnv1a32', () => {
  it('matches the FNV-1a reference values', () => {
    // From the FNV reference test suite (Landon Curt Noll): "" → offset basis, "a" → 0xe40c292c, "foobar" → 0xbf9cf968.
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });
});

describe('bucketing hash', () => {
  it('is deterministic and lies in [0, 1)', () => {
    for (let i = 0; i < 1000; i++) {
      const f = bucketFraction('exp-seed', `user-${i}`);
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
      expect(bucketFraction('exp-seed', `user-${i}`)).toBe(f);
    }
  });

  it('separates seed from uid, so ("ab","c") and ("a","bc") differ', () => {
    expect(hash32('ab', 'c')).not.toBe(hash32('a', 'bc'));
  });

  it('resolves far finer than 10,000 buckets: 100,000 users get almost all-distinct positions', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 100_000; i++) seen.add(hash32('seed', `user-${i}`));
    // Birthday bound for 1e5 draws from 2^32: about one collision expected.
    expect(seen.size).toBeGreaterThan(99_990);
  });
});
