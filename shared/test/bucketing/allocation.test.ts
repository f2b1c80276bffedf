import { describe, expect, it } from 'vitest';
import type { BucketRanges, VariantWeight } from './subject';
import {
  BUCKET_SLOTS,
  allocateRanges,
  assignVariant,
  bucketRangesSchema,
  checkWeights,
  chiSquareSurvival,
  compileRanges,
  minimumMovedShare,
  sharesOf,
  splitChangeCases,
} from './subject';

const USERS = 100_000;
const SEED = 'experience-uid-blt123';
const uids = Array.from({ length: USERS }, (_, i) => `user-${i}`);

function assignAll(ranges: BucketRanges, seed = SEED): (string | null)[] {
  const compiled = compileRanges(ranges);
  return uids.map((uid) => assignVariant(compiled, seed, uid));
}

/** Five binomial standard errors: deterministic users, but a generous margin for the sample they happen to be. */
function tolerance(p: number): number {
  return 5 * Math.sqrt((Math.max(p, 1e-3) * (1 - Math.min(p, 0.999))) / USERS);
}

describe('allocateRanges without a previous version', () => {
  it('lays variants out contiguously with exact shares', () => {
    const ranges = allocateRanges(null, [
      { variantShortUid: '0', weight: 1 },
      { variantShortUid: '1', weight: 1 },
      { variantShortUid: '2', weight: 1 },
    ]);
    expect(bucketRangesSchema.safeParse(ranges).success).toBe(true);
    expect(ranges.segments).toEqual([
      { variantShortUid: '0', start: 0, end: 333_334 },
      { variantShortUid: '1', start: 333_334, end: 666_667 },
      { variantShortUid: '2', start: 666_667, end: BUCKET_SLOTS },
    ]);
  });

  it('gives a zero-weight variant no slots', () => {
    const ranges = allocateRanges(null, [
      { variantShortUid: '0', weight: 100 },
      { variantShortUid: '1', weight: 0 },
    ]);
    expect(ranges.segments).toEqual([{ variantShortUid: '0', start: 0, end: BUCKET_SLOTS }]);
  });

  it.each([
    [[], 'no-variants'],
    [[{ variantShortUid: '0', weight: -1 }], 'invalid-weight'],
    [[{ variantShortUid: '0', weight: Number.NaN }], 'invalid-weight'],
    [
      [
        { variantShortUid: '0', weight: 1 },
        { variantShortUid: '0', weight: 1 },
      ],
      'duplicate-variant',
    ],
    [[{ variantShortUid: '0', weight: 0 }], 'zero-total-weight'],
  ] as [VariantWeight[], string][])('rejects %j: %s', (weights, reason) => {
    expect(checkWeights(weights)).toBe(reason);
    expect(() => allocateRanges(null, weights)).toThrow(reason);
  });
});

describe.each(splitChangeCases.cases)('split change: $name', (change) => {
  const before = allocateRanges(null, change.before);
  const after = allocateRanges(before, change.after);
  const assignedBefore = assignAll(before);
  const assignedAfter = assignAll(after);
  const oldShares = sharesOf(before);
  const newShares = sharesOf(after);

  it('produces valid ranges with exactly the new shares', () => {
    expect(bucketRangesSchema.safeParse(after).success).toBe(true);
    const total = change.after.reduce((s, w) => s + w.weight, 0);
    for (const { variantShortUid, weight } of change.after) {
      expect(newShares.get(variantShortUid) ?? 0).toBeCloseTo(weight / total, 5);
    }
  });

  it('moves exactly the theoretical minimum share of slots', () => {
    expect(minimumMovedShare(before, after)).toBeCloseTo(change.minimumMovedShare, 5);
  });

  it('moves the minimum share of 100,000 users, within sampling error', () => {
    const moved = assignedBefore.filter((v, i) => v !== assignedAfter[i]).length / USERS;
    expect(Math.abs(moved - change.minimumMovedShare)).toBeLessThan(tolerance(change.minimumMovedShare));
  });

  it('moves users only out of variants that shrink or disappear, and only into variants that grow', () => {
    const wrongMoves = new Set<string>();
    assignedBefore.forEach((from, i) => {
      const to = assignedAfter[i];
      if (from === to || from == null || to == null) return;
      const shrank = (newShares.get(from) ?? 0) < (oldShares.get(from) ?? 0);
      const grew = (newShares.get(to) ?? 0) > (oldShares.get(to) ?? 0);
      if (!shrank || !grew) wrongMoves.add(`${from}→${to}`);
    });
    expect([...wrongMoves]).toEqual([]);
  });

  it('beats (or ties) a fresh contiguous re-layout, which moves the published amount', () => {
    const relayout = assignAll(allocateRanges(null, change.after));
    const movedByRelayout = assignedBefore.filter((v, i) => v !== relayout[i]).length / USERS;
    expect(Math.abs(movedByRelayout - change.contiguousMovedShare)).toBeLessThan(
      tolerance(change.contiguousMovedShare),
    );
    expect(change.minimumMovedShare).toBeLessThanOrEqual(change.contiguousMovedShare + 1e-9);
  });

  it('matches the configured split over 100,000 users (χ², p > 0.001)', () => {
    const total = change.after.reduce((s, w) => s + w.weight, 0);
    let chiSquare = 0;
    let cells = 0;
    for (const { variantShortUid, weight } of change.after) {
      const expected = (weight / total) * USERS;
      const observed = assignedAfter.filter((v) => v === variantShortUid).length;
      chiSquare += (observed - expected) ** 2 / expected;
      cells++;
    }
    expect(chiSquareSurvival(chiSquare, cells - 1)).toBeGreaterThan(0.001);
  });
});

describe('a chain of split changes', () => {
  it('keeps every step minimal and does not fragment without bound', () => {
    const splits: VariantWeight[][] = [
      [
        { variantShortUid: '0', weight: 50 },
        { variantShortUid: '1', weight: 50 },
      ],
      [
        { variantShortUid: '0', weight: 1 },
        { variantShortUid: '1', weight: 1 },
        { variantShortUid: '2', weight: 1 },
      ],
      [
        { variantShortUid: '0', weight: 25 },
        { variantShortUid: '2', weight: 75 },
      ],
      [
        { variantShortUid: '0', weight: 50 },
        { variantShortUid: '2', weight: 25 },
        { variantShortUid: '4', weight: 25 },
      ],
    ];
    let ranges: BucketRanges | null = null;
    for (const split of splits) {
      const next = allocateRanges(ranges, split);
      expect(bucketRangesSchema.safeParse(next).success).toBe(true);
      if (ranges !== null) {
        const slotOwners = (r: BucketRanges, slot: number) =>
          r.segments.find((s) => s.start <= slot && slot < s.end)?.variantShortUid;
        let movedSlots = 0;
        for (let slot = 0; slot < BUCKET_SLOTS; slot += 97) {
          if (slotOwners(ranges, slot) !== slotOwners(next, slot)) movedSlots++;
        }
        const sampled = Math.ceil(BUCKET_SLOTS / 97);
        expect(Math.abs(movedSlots / sampled - minimumMovedShare(ranges, next))).toBeLessThan(0.001);
      }
      expect(next.segments.length).toBeLessThanOrEqual(2 * split.length + 2);
      ranges = next;
    }
  });
});
