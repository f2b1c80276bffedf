// Bayesian probability to be best — what Contentstack Personalize reports. Each variant's conversion rate gets a
// Beta(1 + conversions, 1 + visitors − conversions) posterior (uniform prior), and
//   P(i is best) = ∫ f_i(x) · Π_{j≠i} F_j(x) dx.
// We integrate numerically (composite Simpson) instead of sampling, so results are exact to ~1e-6 and identical on
// every run and machine — no seeded PRNG to keep in sync. Each integral runs over ±ZSPAN standard deviations of
// f_i (clipped to [0, 1]), where essentially all of its mass lies, so narrow and wide posteriors are both resolved.
import type { ConversionCounts } from './counts';
import { betaCdf, betaPdf } from './distributions';

const ZSPAN = 10;
const DEFAULT_INTERVALS = 2000;

interface Posterior {
  readonly alpha: number;
  readonly beta: number;
  readonly mean: number;
  readonly sd: number;
}

function posteriorOf({ visitors, conversions }: ConversionCounts): Posterior {
  const alpha = 1 + conversions;
  const beta = 1 + visitors - conversions;
  const n = alpha + beta;
  return { alpha, beta, mean: alpha / n, sd: Math.sqrt((alpha * beta) / (n * n * (n + 1))) };
}

/**
 * Probabilities (summing to 1) that each variant has the highest true conversion rate. `intervals` (even) is the
 * number of Simpson intervals per integral; the default keeps the error well below 1e-4.
 */
export function probabilityToBeBest(variants: readonly ConversionCounts[], intervals = DEFAULT_INTERVALS): number[] {
  if (variants.length === 0) return [];
  if (variants.length === 1) return [1];
  const posteriors = variants.map(posteriorOf);
  const n = intervals % 2 === 0 ? intervals : intervals + 1;
  const raw = posteriors.map((own, i) => {
    const lo = Math.max(0, own.mean - ZSPAN * own.sd);
    const hi = Math.min(1, own.mean + ZSPAN * own.sd);
    const h = (hi - lo) / n;
    let sum = 0;
    for (let k = 0; k <= n; k++) {
      const x = lo + k * h;
      let value = betaPdf(x, own.alpha, own.beta);
      for (let j = 0; j < posteriors.length && value > 0; j++) {
        const other = posteriors[j];
        if (j !== i && other !== undefined) value *= betaCdf(x, other.alpha, other.beta);
      }
      sum += (k === 0 || k === n ? 1 : k % 2 === 1 ? 4 : 2) * value;
    }
    return (sum * h) / 3;
  });
  // The integrals already sum to 1 up to quadrature error; normalizing removes that last residue.
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((p) => (total > 0 ? p / total : 1 / raw.length));
}
