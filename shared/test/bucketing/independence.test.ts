import { describe, expect, it } from 'vitest';
import { allocateRanges, assignVariant, chiSquareSurvival, compileRanges, experienceSeed } from './subject';

const USERS = 100_000;
const uids = Array.from({ length: USERS }, (_, i) => `cs-user-${i.toString(36)}`);
const fiftyFifty = compileRanges(
  allocateRanges(null, [
    { variantShortUid: '0', weight: 50 },
    { variantShortUid: '1', weight: 50 },
  ]),
);
const threeWay = compileRanges(
  allocateRanges(null, [
    { variantShortUid: '0', weight: 1 },
    { variantShortUid: '1', weight: 1 },
    { variantShortUid: '2', weight: 1 },
  ]),
);

/** χ² test of independence on the contingency table of two experiences' assignments. */
function independencePValue(seedA: string, seedB: string): number {
  const table = new Map<string, number>();
  const rows = new Map<string, number>();
  const cols = new Map<string, number>();
  for (const uid of uids) {
    const a = assignVariant(fiftyFifty, seedA, uid) ?? '-';
    const b = assignVariant(threeWay, seedB, uid) ?? '-';
    table.set(`${a}|${b}`, (table.get(`${a}|${b}`) ?? 0) + 1);
    rows.set(a, (rows.get(a) ?? 0) + 1);
    cols.set(b, (cols.get(b) ?? 0) + 1);
  }
  let chiSquare = 0;
  for (const [a, rowCount] of rows) {
    for (const [b, colCount] of cols) {
      const expected = (rowCount * colCount) / USERS;
      const observed = table.get(`${a}|${b}`) ?? 0;
      chiSquare += (observed - expected) ** 2 / expected;
    }
  }
  return chiSquareSurvival(chiSquare, (rows.size - 1) * (cols.size - 1));
}

describe('experiences are independent', () => {
  it('two experiences with their own seeds assign uncorrelated variants (χ² independence, p > 0.001)', () => {
    expect(independencePValue(experienceSeed('blt_exp_hero'), experienceSeed('blt_exp_banner'))).toBeGreaterThan(0.001);
  });

  it('the same check catches the classic bug of one shared hash key', () => {
    expect(independencePValue('shared-key', 'shared-key')).toBeLessThan(1e-12);
  });

  it('seeds differing in one character are still independent', () => {
    expect(independencePValue('exp1', 'exp2')).toBeGreaterThan(0.001);
  });
});

describe('experienceSeed', () => {
  it('defaults to the experience uid and changes only when re-randomized', () => {
    expect(experienceSeed('blt1')).toBe('blt1');
    expect(experienceSeed('blt1', 0)).toBe('blt1');
    expect(experienceSeed('blt1', 1)).not.toBe('blt1');
    expect(experienceSeed('blt1', 2)).not.toBe(experienceSeed('blt1', 1));
  });

  it('re-randomizing reshuffles about half of a 50/50 test, and assignment is sticky otherwise', () => {
    let moved = 0;
    for (const uid of uids) {
      const before = assignVariant(fiftyFifty, experienceSeed('blt1'), uid);
      expect(assignVariant(fiftyFifty, experienceSeed('blt1'), uid)).toBe(before);
      if (assignVariant(fiftyFifty, experienceSeed('blt1', 1), uid) !== before) moved++;
    }
    expect(Math.abs(moved / USERS - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / USERS));
  });
});
