// The distributions our statistics use, from jStat (maintained, pure JS, no Node built-ins). Kept behind these few
// typed functions so the rest of stats/ never touches the untyped library directly.
// The path reference (not an ambient file picked up by shared's tsconfig) carries jStat's declaration into every
// program that compiles these sources through @pb/shared — server, test and bench — without touching their configs.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./jstat.d.ts" />
import jStat from 'jstat';

export function normalCdf(z: number): number {
  return jStat.normal.cdf(z, 0, 1);
}

/** Standard normal quantile, e.g. 0.975 → 1.95996. */
export function normalQuantile(p: number): number {
  return jStat.normal.inv(p, 0, 1);
}

/** P(X ≥ x) for X ~ χ²(df). */
export function chiSquareSurvival(x: number, degreesOfFreedom: number): number {
  return Math.max(0, 1 - jStat.chisquare.cdf(x, degreesOfFreedom));
}

export function betaPdf(x: number, alpha: number, beta: number): number {
  return jStat.beta.pdf(x, alpha, beta);
}

export function betaCdf(x: number, alpha: number, beta: number): number {
  return jStat.beta.cdf(x, alpha, beta);
}

/** ln B(a, b). */
export function logBeta(a: number, b: number): number {
  return jStat.betaln(a, b);
}
