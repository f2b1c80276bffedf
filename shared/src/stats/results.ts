// Per-variant results of an experience from its counts: the numbers the results screen shows, each with the reason
// when it cannot be shown.
import type { Result } from '../core/result';
import { fail, ok } from '../core/result';
import { conversionRate, countsAreValid } from './counts';
import { chanceToBeat } from './chance-to-beat';
import { probabilityToBeBest } from './probability-to-be-best';
import type { SrmCheck, SrmProblem } from './srm';
import { sampleRatioMismatch } from './srm';
import type { Uplift, UpliftProblem } from './uplift';
import { relativeUplift } from './uplift';

/** GrowthBook hides results below 150 conversions per variant; we show them, flagged as low data. */
export const DEFAULT_MINIMUM_CONVERSIONS = 150;

export interface VariantCountsInput {
  readonly variantShortUid: string;
  readonly visitors: number;
  readonly conversions: number;
  /** Configured traffic share (A/B tests); enables the sample-ratio-mismatch check when every variant has one. */
  readonly weight?: number;
}

export interface ResultsInput {
  readonly controlShortUid: string;
  readonly variants: readonly VariantCountsInput[];
  readonly confidence?: number;
  readonly minimumConversions?: number;
}

export interface VariantResult {
  readonly variantShortUid: string;
  readonly isControl: boolean;
  readonly visitors: number;
  readonly conversions: number;
  /** null when the variant has no visitors yet. */
  readonly conversionRate: number | null;
  /** null for the control itself. */
  readonly uplift: Result<Uplift, UpliftProblem> | null;
  /**
   * P(this variant's rate > the control's), from the same posteriors as the uplift and `probabilityToBeBest`;
   * null for the control. Equal to `probabilityToBeBest` when there are two variants.
   */
  readonly chanceToBeatControl: number | null;
  /** P(this variant's rate is the highest of all variants). */
  readonly probabilityToBeBest: number;
  /** Fewer conversions than the minimum: numbers are shown but should not drive a decision. */
  readonly lowData: boolean;
}

export type ResultsWarning = 'sample-ratio-mismatch' | 'insufficient-data';

export interface ExperienceResults {
  readonly variants: readonly VariantResult[];
  readonly sampleRatio: Result<SrmCheck, SrmProblem | 'no-configured-split'>;
  readonly warnings: readonly ResultsWarning[];
}

export type ResultsProblem = 'control-not-found' | 'invalid-counts' | 'duplicate-variant';

export function experienceResults(input: ResultsInput): Result<ExperienceResults, ResultsProblem> {
  const { variants, controlShortUid } = input;
  const control = variants.find((v) => v.variantShortUid === controlShortUid);
  if (control === undefined) return fail('control-not-found', `no variant ${controlShortUid}`);
  const bad = variants.find((v) => !countsAreValid(v));
  if (bad !== undefined) return fail('invalid-counts', `variant ${bad.variantShortUid}`);
  if (new Set(variants.map((v) => v.variantShortUid)).size !== variants.length) return fail('duplicate-variant');

  const minimumConversions = input.minimumConversions ?? DEFAULT_MINIMUM_CONVERSIONS;
  const best = probabilityToBeBest(variants);
  const results = variants.map((v, i): VariantResult => ({
    variantShortUid: v.variantShortUid,
    isControl: v === control,
    visitors: v.visitors,
    conversions: v.conversions,
    conversionRate: conversionRate(v),
    uplift: v === control ? null : relativeUplift(control, v, input.confidence),
    // With two variants "beat control" and "be best" are one question: answer it with one number, not two
    // quadratures that could differ in the last digit.
    chanceToBeatControl: v === control ? null : variants.length === 2 ? (best[i] ?? 0) : chanceToBeat(control, v),
    probabilityToBeBest: best[i] ?? 0,
    lowData: v.conversions < minimumConversions,
  }));

  const weights = variants.map((v) => v.weight);
  const sampleRatio = weights.every((w): w is number => w !== undefined)
    ? sampleRatioMismatch(
        variants.map((v) => v.visitors),
        weights,
      )
    : fail('no-configured-split' as const);

  const warnings: ResultsWarning[] = [];
  if (sampleRatio.ok && sampleRatio.value.mismatch) warnings.push('sample-ratio-mismatch');
  if (results.some((r) => r.lowData)) warnings.push('insufficient-data');
  return ok({ variants: results, sampleRatio, warnings });
}
