// Relative uplift of a variant over control, read from the same Beta posteriors as the chance to beat control
// (beta-posterior.ts): the estimate is the posterior median of rate_variant / rate_control − 1 and the interval its
// central credible interval. Because all three come from one distribution, they agree by construction: the estimate
// is above 0 exactly when the chance is above 50%, and a 95% interval lies above 0 exactly when the chance is above
// 97.5% (and below 0 when it is under 2.5%).
import type { Result } from '../core/result';
import { fail, ok } from '../core/result';
import type { BetaPosterior } from './beta-posterior';
import { integrateOver, posteriorCdf, posteriorOf } from './beta-posterior';
import type { ConversionCounts } from './counts';

export interface Uplift {
  /** Posterior median of variant rate / control rate − 1. */
  readonly relative: number;
  /** Central credible interval of the same quantity at the requested confidence. */
  readonly interval: readonly [number, number];
}

export type UpliftProblem = 'insufficient-data' | 'control-has-no-conversions';

/** Each evaluation of the ratio's CDF is one integral; the root finder needs a dozen or so per quantile. */
const INTERVALS = 200;
const MAX_STEPS = 80;
const TOLERANCE = 1e-9;

/** P(rate_v / rate_c ≤ e^t) = ∫ f_c(x) · F_v(min(1, e^t · x)) dx. */
function ratioCdfAtLog(c: BetaPosterior, v: BetaPosterior, t: number): number {
  const r = Math.exp(t);
  return integrateOver(c, (x) => posteriorCdf(v, Math.min(1, r * x)), INTERVALS);
}

/**
 * The t = ln r with P(ratio ≤ r) = q. Bracketed from a normal approximation of the log ratio, then solved by the
 * Illinois variant of regula falsi (always bracketed, converges superlinearly).
 */
function logRatioQuantile(c: BetaPosterior, v: BetaPosterior, q: number): number {
  const mu = Math.log(v.mean) - Math.log(c.mean);
  const sigma = Math.hypot(v.sd / v.mean, c.sd / c.mean);
  let lo = mu - 12 * sigma;
  let hi = mu + 12 * sigma;
  let flo = ratioCdfAtLog(c, v, lo) - q;
  let fhi = ratioCdfAtLog(c, v, hi) - q;
  for (let i = 0; i < 20 && flo > 0; i++) flo = ratioCdfAtLog(c, v, (lo -= 12 * sigma)) - q;
  for (let i = 0; i < 20 && fhi < 0; i++) fhi = ratioCdfAtLog(c, v, (hi += 12 * sigma)) - q;
  let side = 0;
  for (let step = 0; step < MAX_STEPS; step++) {
    const t = fhi === flo ? (lo + hi) / 2 : hi - (fhi * (hi - lo)) / (fhi - flo);
    const ft = ratioCdfAtLog(c, v, t) - q;
    if (Math.abs(ft) < TOLERANCE || hi - lo < 1e-12) return t;
    if (ft * fhi > 0) {
      hi = t;
      fhi = ft;
      if (side === 1) flo /= 2;
      side = 1;
    } else {
      lo = t;
      flo = ft;
      if (side === -1) fhi /= 2;
      side = -1;
    }
  }
  return (lo + hi) / 2;
}

export function relativeUplift(
  control: ConversionCounts,
  variant: ConversionCounts,
  confidence = 0.95,
): Result<Uplift, UpliftProblem> {
  if (control.visitors < 2 || variant.visitors < 2) return fail('insufficient-data');
  // The posterior would still give a number, but an uplift over a rate nobody has seen move from 0 is unbounded
  // in practice (its interval spans orders of magnitude) and misleads more than it says.
  if (control.conversions === 0) {
    return fail('control-has-no-conversions', 'a relative uplift over a zero rate is undefined');
  }
  const c = posteriorOf(control);
  const v = posteriorOf(variant);
  const tail = (1 - confidence) / 2;
  const at = (q: number) => Math.exp(logRatioQuantile(c, v, q)) - 1;
  return ok({ relative: at(0.5), interval: [at(tail), at(1 - tail)] });
}
