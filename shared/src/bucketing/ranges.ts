// A/B splits as bucket ranges. A version's split is stored as slot ranges over [0, BUCKET_SLOTS); a user whose
// bucket falls in a range gets that range's variant. Storing ranges (not just weights) is what lets the next version
// move only the users that must move: see allocateRanges.
import { z } from 'zod';

/** Resolution of a split: one slot is 1/1,000,000 of traffic. */
export const BUCKET_SLOTS = 1_000_000;

export const bucketSegmentSchema = z.object({
  variantShortUid: z.string().min(1),
  /** First slot, inclusive. */
  start: z.number().int().nonnegative(),
  /** Last slot, exclusive. */
  end: z.number().int().positive(),
});
export type BucketSegment = z.infer<typeof bucketSegmentSchema>;

/** Segments sorted by start, disjoint, covering [0, slots) exactly; a variant may own several segments. */
export const bucketRangesSchema = z
  .object({
    slots: z.number().int().positive(),
    segments: z.array(bucketSegmentSchema),
  })
  .superRefine((ranges, ctx) => {
    let expectedStart = 0;
    ranges.segments.forEach((segment, index) => {
      if (segment.start !== expectedStart || segment.end <= segment.start) {
        ctx.addIssue({
          code: 'custom',
          path: ['segments', index],
          message: `segment must start at ${expectedStart} and be non-empty`,
        });
      }
      expectedStart = segment.end;
    });
    if (expectedStart !== ranges.slots) {
      ctx.addIssue({ code: 'custom', path: ['segments'], message: `segments must cover [0, ${ranges.slots})` });
    }
  });
export type BucketRanges = z.infer<typeof bucketRangesSchema>;

export interface VariantWeight {
  readonly variantShortUid: string;
  /** Any non-negative finite number; weights are relative (Personalize sends percentages summing to 100). */
  readonly weight: number;
}

/** Why a split cannot be turned into ranges. */
export type WeightsProblem = 'no-variants' | 'invalid-weight' | 'duplicate-variant' | 'zero-total-weight';

export function checkWeights(weights: readonly VariantWeight[]): WeightsProblem | null {
  if (weights.length === 0) return 'no-variants';
  const seen = new Set<string>();
  let total = 0;
  for (const { variantShortUid, weight } of weights) {
    if (!Number.isFinite(weight) || weight < 0) return 'invalid-weight';
    if (seen.has(variantShortUid)) return 'duplicate-variant';
    seen.add(variantShortUid);
    total += weight;
  }
  return total > 0 ? null : 'zero-total-weight';
}

/**
 * Slot counts per variant by the largest-remainder method: they sum to exactly `slots`, and each is within one slot
 * of its exact share. Ties go to the earlier variant so the result is deterministic.
 */
export function targetSlotCounts(weights: readonly VariantWeight[], slots: number = BUCKET_SLOTS): Map<string, number> {
  const total = weights.reduce((sum, w) => sum + w.weight, 0);
  const exact = weights.map((w) => (w.weight / total) * slots);
  const counts = exact.map((x) => Math.floor(x));
  let remaining = slots - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (remaining <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
    remaining--;
  }
  return new Map(weights.map((w, i) => [w.variantShortUid, counts[i] ?? 0]));
}

interface Piece {
  start: number;
  end: number;
}

/**
 * Ranges for a new version's split.
 *
 * Without a previous version, variants are laid out contiguously in the order given. With one, users move only
 * out of variants that shrink or disappear (identified by short uid): each variant keeps as much of its previous
 * ranges as its new share allows, and the freed slots are handed to the variants that grow. The share of users that
 * move is therefore Σ max(0, old share − new share) — the minimum any allocation can achieve (adding a third equal
 * arm to a 50/50 test moves one third of users; GrowthBook-style contiguous re-layout moves half).
 *
 * Throws on weights that `checkWeights` rejects: splits are validated at the boundary before they get here.
 */
export function allocateRanges(previous: BucketRanges | null, weights: readonly VariantWeight[]): BucketRanges {
  const problem = checkWeights(weights);
  if (problem !== null) throw new Error(`cannot allocate bucket ranges: ${problem}`);
  const slots = previous?.slots ?? BUCKET_SLOTS;
  const targets = targetSlotCounts(weights, slots);
  const result: BucketSegment[] = [];
  const free: Piece[] = [];

  // 1. Each previous variant keeps its lowest slots up to its new target; the rest is freed.
  const kept = new Map<string, number>();
  let cursor = 0;
  for (const segment of previous?.segments ?? []) {
    if (segment.start > cursor) free.push({ start: cursor, end: segment.start });
    cursor = segment.end;
    const target = targets.get(segment.variantShortUid) ?? 0;
    const already = kept.get(segment.variantShortUid) ?? 0;
    const keep = Math.min(segment.end - segment.start, target - already);
    if (keep > 0) {
      result.push({ variantShortUid: segment.variantShortUid, start: segment.start, end: segment.start + keep });
      kept.set(segment.variantShortUid, already + keep);
    }
    if (segment.start + Math.max(keep, 0) < segment.end) {
      free.push({ start: segment.start + Math.max(keep, 0), end: segment.end });
    }
  }
  if (cursor < slots) free.push({ start: cursor, end: slots });

  // 2. Variants below target take freed slots, lowest first, in the order the split lists them.
  let freeIndex = 0;
  for (const { variantShortUid } of weights) {
    let missing = (targets.get(variantShortUid) ?? 0) - (kept.get(variantShortUid) ?? 0);
    while (missing > 0) {
      const piece = free[freeIndex];
      if (piece === undefined) throw new Error('bucket allocation ran out of free slots'); // unreachable: Σ targets = slots
      const take = Math.min(missing, piece.end - piece.start);
      result.push({ variantShortUid, start: piece.start, end: piece.start + take });
      piece.start += take;
      missing -= take;
      if (piece.start === piece.end) freeIndex++;
    }
  }

  // 3. Sort and merge neighbours of the same variant so repeated changes do not fragment the table needlessly.
  result.sort((a, b) => a.start - b.start);
  const merged: BucketSegment[] = [];
  for (const segment of result) {
    const last = merged[merged.length - 1];
    if (last !== undefined && last.variantShortUid === segment.variantShortUid && last.end === segment.start) {
      merged[merged.length - 1] = { ...last, end: segment.end };
    } else {
      merged.push(segment);
    }
  }
  return { slots, segments: merged };
}

/** Share of traffic per variant in a set of ranges. */
export function sharesOf(ranges: BucketRanges): Map<string, number> {
  const shares = new Map<string, number>();
  for (const s of ranges.segments) {
    shares.set(s.variantShortUid, (shares.get(s.variantShortUid) ?? 0) + (s.end - s.start) / ranges.slots);
  }
  return shares;
}

/** The least share of users any allocation must move from `previous` to `next`: Σ max(0, old − new). */
export function minimumMovedShare(previous: BucketRanges, next: BucketRanges): number {
  const before = sharesOf(previous);
  const after = sharesOf(next);
  let moved = 0;
  for (const [variant, share] of before) moved += Math.max(0, share - (after.get(variant) ?? 0));
  return moved;
}
