// P(variant's rate > control's rate) under the shared Beta posteriors (beta-posterior.ts). With two variants this
// is exactly the probability to be best of the variant, and probabilityToBeBest uses this very function then.
import type { ConversionCounts } from './counts';
import { integrateOver, posteriorCdf, posteriorOf } from './beta-posterior';

const INTERVALS = 2000;

/** P(rate of `variant` > rate of `control`) = ∫ f_variant(x) · F_control(x) dx. */
export function chanceToBeat(control: ConversionCounts, variant: ConversionCounts): number {
  const c = posteriorOf(control);
  const v = posteriorOf(variant);
  return Math.min(
    1,
    Math.max(
      0,
      integrateOver(v, (x) => posteriorCdf(c, x), INTERVALS),
    ),
  );
}
