// The hot path of A/B assignment: ranges are compiled once per version into a flat table, and each decision is one
// hash plus a short search, with no allocation.
import { bucketFraction } from './hash';
import type { BucketRanges } from './ranges';

export interface CompiledRanges {
  readonly slots: number;
  /** Exclusive end slot of each segment, ascending. */
  readonly ends: Uint32Array;
  readonly variantShortUids: readonly string[];
}

export function compileRanges(ranges: BucketRanges): CompiledRanges {
  return {
    slots: ranges.slots,
    ends: Uint32Array.from(ranges.segments, (s) => s.end),
    variantShortUids: ranges.segments.map((s) => s.variantShortUid),
  };
}

/** Index of the segment whose range holds `fraction` ∈ [0, 1); -1 only if the ranges do not cover that slot. */
export function segmentAtFraction(compiled: CompiledRanges, fraction: number): number {
  const slot = Math.floor(fraction * compiled.slots);
  const { ends } = compiled;
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ends[mid] ?? 0) <= slot) lo = mid + 1;
    else hi = mid;
  }
  return lo < ends.length ? lo : -1;
}

/** The variant whose range holds `fraction` ∈ [0, 1); null only if the ranges do not cover that slot. */
export function variantAtFraction(compiled: CompiledRanges, fraction: number): string | null {
  return compiled.variantShortUids[segmentAtFraction(compiled, fraction)] ?? null;
}

/** The variant a user gets in one experience: sticky for as long as the seed and the ranges stay the same. */
export function assignVariant(compiled: CompiledRanges, seed: string, userUid: string): string | null {
  return variantAtFraction(compiled, bucketFraction(seed, userUid));
}

/**
 * The seed an experience hashes with. Every experience has its own (its uid by default), so two experiments on
 * one page are independent. Re-randomizing is an explicit act: bumping `randomization` yields a new seed and
 * reshuffles everyone in that experience, and nobody in any other.
 */
export function experienceSeed(experienceUid: string, randomization = 0): string {
  return randomization === 0 ? experienceUid : `${experienceUid}#${randomization}`;
}
