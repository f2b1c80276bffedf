// Bayesian probability to be best — what Contentstack Personalize reports — over the shared Beta posteriors
// (beta-posterior.ts):  P(i is best) = ∫ f_i(x) · Π_{j≠i} F_j(x) dx, integrated numerically (exact to ~1e-6,
// identical on every run). With two variants the question is "chance to beat the other one", and it is answered by
// the very same function the results use for "chance to beat control", so the two columns show one number.
import type { ConversionCounts } from './counts';
import { integrateOver, posteriorCdf, posteriorOf } from './beta-posterior';
import { chanceToBeat } from './chance-to-beat';

const DEFAULT_INTERVALS = 2000;

/**
 * Probabilities (summing to 1) that each variant has the highest true conversion rate. `intervals` (even) is the
 * number of Simpson intervals per integral; the default keeps the error well below 1e-4.
 */
export function probabilityToBeBest(variants: readonly ConversionCounts[], intervals = DEFAULT_INTERVALS): number[] {
  const [first, second] = variants;
  if (first === undefined) return [];
  if (second === undefined) return [1];
  if (variants.length === 2) {
    const secondWins = chanceToBeat(first, second);
    return [1 - secondWins, secondWins];
  }
  const posteriors = variants.map(posteriorOf);
  const raw = posteriors.map((own, i) =>
    integrateOver(
      own,
      (x) => posteriors.reduce((product, other, j) => (j === i ? product : product * posteriorCdf(other, x)), 1),
      intervals,
    ),
  );
  // The integrals already sum to 1 up to quadrature error; normalizing removes that last residue.
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((p) => (total > 0 ? p / total : 1 / raw.length));
}
