// The results as a person reads them in a terminal: one aligned table per metric with the numbers the experiences
// page shows in its results table (visitors, conversions, rate; for an A/B test the uplift with its credible
// interval and the chance to beat control, plus the probability to be best beyond two variants), then a line on the
// sample-ratio check. Pure. results-agree.test.ts renders the page's table from the same answer and compares.
import type { ExperienceResults } from './bridge';

const percent = (x: number, digits = 1): string => `${(x * 100).toFixed(digits)}%`;
/** As the page writes it (app-ui/src/experiences/format.ts): the sign follows the rounded figure. */
const signedPercent = (x: number): string => {
  const shown = Math.abs(x * 100).toFixed(1);
  return `${x < 0 && Number(shown) !== 0 ? '−' : '+'}${shown}%`;
};

/** The page's words for why an uplift is missing (app-ui/src/experiences/result-reasons.ts). */
const UPLIFT_REASONS: Record<string, string> = {
  'insufficient-data': 'Not enough data yet',
  'control-has-no-conversions': 'Control has no conversions yet',
};

/** Left-aligns the first column and right-aligns the others, two spaces apart. */
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/**
 * Lines for every metric of one experience, then the sample-ratio check (it looks at visitors only, so it is the
 * same for every metric); `names` maps variant short uids to their names. An A/B test compares each variant with
 * its control; with two variants "chance to beat control" is also the probability to be best (one number, shown
 * once, as on the page). A segmented experience has no control (its variants serve different audiences), so it
 * shows each variant's chance to be best.
 */
export function resultsTable(results: ExperienceResults, names: ReadonlyMap<string, string>): string[] {
  const lines: string[] = [];
  const totalVisitors = results.variants.reduce((sum, v) => sum + v.visitors, 0);
  const abTest = results.type === 'AB_TEST';
  const alsoBest = abTest && results.variants.length > 2;
  let sampleRatio: ExperienceResultsSampleRatio | undefined;
  let lowData = false;
  for (const metric of results.metrics) {
    const kind = metric.primary ? 'primary metric' : 'secondary metric';
    lines.push(`${metric.name} (${kind}, event '${metric.eventKey ?? 'deleted'}'):`);
    if (!metric.results.ok) {
      lines.push(`  no results: ${metric.results.reason}`);
      continue;
    }
    const stats = metric.results.value;
    sampleRatio ??= stats.sampleRatio;
    lowData ||= stats.warnings.includes('insufficient-data');
    const header = [
      'variant',
      'visitors',
      'impressions',
      'conversions',
      'rate',
      ...(abTest ? ['uplift (95% credible interval)', 'chance to beat control'] : ['chance to be best']),
      ...(alsoBest ? ['probability to be best'] : []),
      'traffic share (set)',
    ];
    const rows = results.variants.map((v) => {
      const stat = stats.variants.find((s) => s.variantShortUid === v.shortUid);
      const control = results.type === 'AB_TEST' && stat?.isControl === true;
      const name = `${names.get(v.shortUid) ?? `variant ${v.shortUid}`}${control ? ' (control)' : ''}`;
      const best = stat === undefined ? '—' : percent(stat.probabilityToBeBest, 0);
      const beat = stat?.chanceToBeatControl == null ? '—' : percent(stat.chanceToBeatControl, 0);
      const uplift =
        stat?.uplift == null
          ? '—'
          : stat.uplift.ok
            ? `${signedPercent(stat.uplift.value.relative)} (${signedPercent(stat.uplift.value.interval[0])} to ${signedPercent(stat.uplift.value.interval[1])})`
            : (UPLIFT_REASONS[stat.uplift.reason] ?? stat.uplift.reason);
      const share =
        v.trafficShare === undefined || totalVisitors === 0
          ? 'n/a'
          : `${percent(v.visitors / totalVisitors)} (${v.trafficShare}%)`;
      return [
        name,
        String(v.visitors),
        String(v.impressions),
        String(stat?.conversions ?? 0),
        stat?.conversionRate == null ? '—' : percent(stat.conversionRate),
        ...(abTest ? [uplift, beat] : [best]),
        ...(alsoBest ? [best] : []),
        share,
      ];
    });
    lines.push(...alignColumns([header, ...rows]).map((line) => `  ${line}`));
  }
  if (sampleRatio !== undefined) lines.push(sampleRatioLine(sampleRatio));
  if (lowData) lines.push('Few conversions so far: read these numbers as a demo, not a decision.');
  return lines;
}

function sampleRatioLine(check: ExperienceResultsSampleRatio): string {
  if (!check.ok) {
    return check.reason === 'no-configured-split'
      ? 'Sample ratio (SRM) check: not applicable, visitors are chosen by audience, not by a split.'
      : `Sample ratio (SRM) check: not possible yet (${check.reason}).`;
  }
  const p = check.value.pValue < 0.001 ? '< 0.001' : `= ${check.value.pValue.toFixed(3)}`;
  return check.value.mismatch
    ? `Sample ratio (SRM) check: MISMATCH (p ${p}) — traffic does not follow the configured split.`
    : `Sample ratio (SRM) check: ok (p ${p}), traffic follows the configured split.`;
}

type OkMetric = Extract<ExperienceResults['metrics'][number]['results'], { ok: true }>;
type ExperienceResultsSampleRatio = OkMetric['value']['sampleRatio'];
