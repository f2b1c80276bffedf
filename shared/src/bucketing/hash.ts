// Deterministic hashing for assignment. Pure arithmetic on UTF-16 code units (the same units GrowthBook hashes),
// so every JS runtime — server, edge, browser — computes the same bucket for the same (seed, user uid).

const FNV_OFFSET_BASIS = 0x811c9dc5;

/** Folds `str` into a running FNV-1a 32-bit state; streaming lets callers hash `seed + uid` without concatenating. */
function fnv1aUpdate(state: number, str: string): number {
  let h = state;
  for (let i = 0; i < str.length; i++) {
    h ^= str.charCodeAt(i);
    // h * 16777619 (the FNV prime) modulo 2^32, written as shifts exactly as GrowthBook does.
    h += (h << 1) + (h << 4) + (h << 7) + (h << 8) + (h << 24);
  }
  return h >>> 0;
}

/** FNV-1a 32-bit over UTF-16 code units, as an unsigned integer. */
export function fnv1a32(str: string): number {
  return fnv1aUpdate(FNV_OFFSET_BASIS, str);
}

/**
 * GrowthBook's `hash(seed, value, version)`, reproduced so our bucketing can be checked against its published
 * cross-SDK vectors and so a project migrating from GrowthBook can reproduce its assignments.
 * v1: `fnv(value + seed) % 1000 / 1000`; v2: `fnv(str(fnv(seed + value))) % 10000 / 10000`; any other version → null.
 */
export function growthbookHash(seed: string, value: string, version: number): number | null {
  if (version === 2) return (fnv1a32(String(fnv1a32(seed + value))) % 10000) / 10000;
  if (version === 1) return (fnv1a32(value + seed) % 1000) / 1000;
  return null;
}

/** murmur3's 32-bit finalizer: full avalanche, so every output bit depends on every input bit. */
function fmix32(input: number): number {
  let h = input;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Separates seed and uid inside the hash so ("ab", "c") and ("a", "bc") do not collide. */
const SEPARATOR = '\u001f';

/**
 * Our bucketing hash: FNV-1a streamed over seed, a separator and the user uid, then murmur3's finalizer. Unlike
 * GrowthBook's v2 (10,000 buckets) it keeps all 32 bits, so splits can be resolved to 1/1,000,000, and it allocates
 * nothing (no concatenation, no decimal re-hash), which matters on the decision hot path.
 */
export function hash32(seed: string, userUid: string): number {
  return fmix32(fnv1aUpdate(fnv1aUpdate(fnv1aUpdate(FNV_OFFSET_BASIS, seed), SEPARATOR), userUid));
}

const TWO_POW_32 = 4294967296;

/** The user's position in [0, 1) for one experience seed. */
export function bucketFraction(seed: string, userUid: string): number {
  return hash32(seed, userUid) / TWO_POW_32;
}
