import type { ConversionCounts } from './subject';
import { logBeta } from './subject';

/**
 * P(B > A) for Beta posteriors in closed form (Evan Miller, "Formulas for Bayesian A/B Testing"): an independent
 * check of our numerical integration.
 *   P = Σ_{i=0}^{αB−1} B(αA + i, βA + βB) / ((βB + i) · B(1 + i, βB) · B(αA, βA))
 */
export function closedFormBBeatsA(a: ConversionCounts, b: ConversionCounts): number {
  const alphaA = 1 + a.conversions;
  const betaA = 1 + a.visitors - a.conversions;
  const alphaB = 1 + b.conversions;
  const betaB = 1 + b.visitors - b.conversions;
  let total = 0;
  for (let i = 0; i < alphaB; i++) {
    total += Math.exp(
      logBeta(alphaA + i, betaA + betaB) - Math.log(betaB + i) - logBeta(1 + i, betaB) - logBeta(alphaA, betaA),
    );
  }
  return total;
}

/** Pairs (control, variant) from tiny to large samples, winners and losers. */
export const pairs: [ConversionCounts, ConversionCounts][] = [
  [
    { visitors: 100, conversions: 49 },
    { visitors: 100, conversions: 51 },
  ],
  [
    { visitors: 100, conversions: 10 },
    { visitors: 100, conversions: 15 },
  ],
  [
    { visitors: 10, conversions: 1 },
    { visitors: 10, conversions: 0 },
  ],
  [
    { visitors: 1000, conversions: 200 },
    { visitors: 800, conversions: 190 },
  ],
  [
    { visitors: 20_000, conversions: 1000 },
    { visitors: 20_000, conversions: 1040 },
  ],
  [
    { visitors: 50, conversions: 3 },
    { visitors: 5000, conversions: 240 },
  ],
  [
    { visitors: 5000, conversions: 400 },
    { visitors: 5000, conversions: 330 },
  ],
];
