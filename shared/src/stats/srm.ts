// Sample-ratio mismatch: are the visitors per variant consistent with the configured split? A mismatch means the
// assignment or the counting is broken, and no uplift from that experiment can be trusted.
import type { Result } from '../core/result';
import { fail, ok } from '../core/result';
import { chiSquareSurvival } from './distributions';

/** GrowthBook and Statsig warn below this p-value; so do we. */
export const SRM_P_VALUE_THRESHOLD = 0.001;

export interface SrmCheck {
  readonly chiSquare: number;
  readonly degreesOfFreedom: number;
  readonly pValue: number;
  /** True when pValue < the threshold. */
  readonly mismatch: boolean;
}

export type SrmProblem = 'too-few-variants' | 'length-mismatch' | 'invalid-weights' | 'no-visitors';

/**
 * Pearson χ² of observed visitors against the configured weights with k − 1 degrees of freedom. A variant with
 * weight 0 is expected to be empty: if it has visitors that alone is a mismatch (χ² = ∞, p = 0).
 */
export function sampleRatioMismatch(
  observed: readonly number[],
  weights: readonly number[],
  threshold: number = SRM_P_VALUE_THRESHOLD,
): Result<SrmCheck, SrmProblem> {
  if (observed.length !== weights.length) return fail('length-mismatch');
  if (observed.length < 2) return fail('too-few-variants');
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  if (weights.some((w) => !Number.isFinite(w) || w < 0) || !(totalWeight > 0)) return fail('invalid-weights');
  const totalVisitors = observed.reduce((a, b) => a + b, 0);
  if (totalVisitors <= 0) return fail('no-visitors');

  let chiSquare = 0;
  let cells = 0;
  for (let i = 0; i < observed.length; i++) {
    const o = observed[i] ?? 0;
    const expected = ((weights[i] ?? 0) / totalWeight) * totalVisitors;
    if (expected === 0) {
      if (o > 0) chiSquare = Number.POSITIVE_INFINITY;
      continue;
    }
    cells++;
    chiSquare += ((o - expected) * (o - expected)) / expected;
  }
  const degreesOfFreedom = Math.max(1, cells - 1);
  const pValue = chiSquare === Number.POSITIVE_INFINITY ? 0 : chiSquareSurvival(chiSquare, degreesOfFreedom);
  return ok({ chiSquare, degreesOfFreedom, pValue, mismatch: pValue < threshold });
}
