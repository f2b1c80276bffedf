// Relative uplift of a variant over control, the way GrowthBook computes it for proportions: the delta method on
// the ratio of means, a normal 95% interval, and — with a flat prior — chance to beat control = P(uplift > 0).
// Reproduces GrowthBook's reference (49/100 control vs 51/100 variant → uplift 0.0408, interval (−0.248, 0.329),
// chance to beat control 0.609).
import type { Result } from '../core/result';
import { fail, ok } from '../core/result';
import type { ConversionCounts } from './counts';
import { normalCdf, normalQuantile } from './distributions';

export interface Uplift {
  /** variant rate / control rate − 1. */
  readonly relative: number;
  readonly standardError: number;
  readonly interval: readonly [number, number];
  readonly chanceToBeatControl: number;
}

export type UpliftProblem = 'insufficient-data' | 'control-has-no-conversions' | 'zero-variance';

export function relativeUplift(
  control: ConversionCounts,
  variant: ConversionCounts,
  confidence = 0.95,
): Result<Uplift, UpliftProblem> {
  if (control.visitors < 2 || variant.visitors < 2) return fail('insufficient-data');
  const mc = control.conversions / control.visitors;
  const mv = variant.conversions / variant.visitors;
  if (mc === 0) return fail('control-has-no-conversions', 'a relative uplift over a zero rate is undefined');
  // Variance of each sample mean (Bernoulli: p(1 − p) / n), then the delta method for mv / mc.
  const vc = (mc * (1 - mc)) / control.visitors;
  const vv = (mv * (1 - mv)) / variant.visitors;
  const variance = vv / (mc * mc) + (vc * mv * mv) / (mc * mc * mc * mc);
  if (!(variance > 0)) return fail('zero-variance', 'both rates are 0 or 1: no spread to measure');
  const standardError = Math.sqrt(variance);
  const relative = mv / mc - 1;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  return ok({
    relative,
    standardError,
    interval: [relative - z * standardError, relative + z * standardError],
    chanceToBeatControl: normalCdf(relative / standardError),
  });
}
