// The one Bayesian model behind every result we show: each variant's true conversion rate has the posterior
// Beta(1 + conversions, 1 + visitors − conversions) (uniform prior). "Chance to beat control", "probability to be
// best" and the uplift's interval are all read from these posteriors, so they can never tell different stories.
import type { ConversionCounts } from './counts';
import { betaCdf, betaPdf } from './distributions';

export interface BetaPosterior {
  readonly alpha: number;
  readonly beta: number;
  readonly mean: number;
  readonly sd: number;
}

/** Essentially all of a posterior's mass lies within this many standard deviations of its mean. */
export const POSTERIOR_Z_SPAN = 10;

export function posteriorOf({ visitors, conversions }: ConversionCounts): BetaPosterior {
  const alpha = 1 + conversions;
  const beta = 1 + visitors - conversions;
  const n = alpha + beta;
  return { alpha, beta, mean: alpha / n, sd: Math.sqrt((alpha * beta) / (n * n * (n + 1))) };
}

export const posteriorPdf = (p: BetaPosterior, x: number): number => betaPdf(x, p.alpha, p.beta);
export const posteriorCdf = (p: BetaPosterior, x: number): number => betaCdf(x, p.alpha, p.beta);

/**
 * ∫ pdf_p(x) · g(x) dx by composite Simpson over the posterior's bulk (±POSTERIOR_Z_SPAN sd, clipped to [0, 1]).
 * Deterministic quadrature rather than sampling: the same counts give the same numbers on every run and machine.
 */
export function integrateOver(p: BetaPosterior, g: (x: number) => number, intervals: number): number {
  const n = intervals % 2 === 0 ? intervals : intervals + 1;
  const lo = Math.max(0, p.mean - POSTERIOR_Z_SPAN * p.sd);
  const hi = Math.min(1, p.mean + POSTERIOR_Z_SPAN * p.sd);
  const h = (hi - lo) / n;
  let sum = 0;
  for (let k = 0; k <= n; k++) {
    const x = lo + k * h;
    const density = posteriorPdf(p, x);
    if (density > 0) sum += (k === 0 || k === n ? 1 : k % 2 === 1 ? 4 : 2) * density * g(x);
  }
  return (sum * h) / 3;
}
