/**
 * The cells of one metric's results table, as text: the page renders exactly these (metric-table.tsx adds the
 * control and low-data tags beside the variant's name), and the demo's printed table is compared with them
 * (test/demo/results-agree.test.ts). Pure.
 */
import type { VariantResult } from '../bridge/bridge-port';
import { count, percent, signedPercent } from './format';
import { explain } from './result-reasons';

function uplift(v: VariantResult): string {
  if (v.uplift === null) return '—';
  if (!v.uplift.ok) return explain(v.uplift.reason);
  const { relative, interval } = v.uplift.value;
  return `${signedPercent(relative)} (${signedPercent(interval[0])} to ${signedPercent(interval[1])})`;
}

export interface MetricColumn {
  header: string;
  /** Right-aligned, tabular figures. */
  numeric: boolean;
  /** Needs more room than a count (the uplift and its interval). */
  wide?: boolean;
  cell: (v: VariantResult) => string;
}

/**
 * With two variants "beat control" and "be best" are one question; the engine gives them one number, so the table
 * shows it once.
 */
export function metricColumns(variants: number, nameOf: (shortUid: string) => string): MetricColumn[] {
  return [
    { header: 'Variant', numeric: false, cell: (v) => nameOf(v.variantShortUid) },
    { header: 'Visitors', numeric: true, cell: (v) => count(v.visitors) },
    { header: 'Conversions', numeric: true, cell: (v) => count(v.conversions) },
    { header: 'Conversion rate', numeric: true, cell: (v) => percent(v.conversionRate) },
    { header: 'Uplift (95% credible interval)', numeric: true, wide: true, cell: uplift },
    {
      header: 'Chance to beat control',
      numeric: true,
      cell: (v) => (v.chanceToBeatControl === null ? '—' : percent(v.chanceToBeatControl, 0)),
    },
    ...(variants === 2
      ? []
      : [
          {
            header: 'Probability to be best',
            numeric: true,
            cell: (v: VariantResult) => percent(v.probabilityToBeBest, 0),
          },
        ]),
  ];
}

/** The table as rows of cell texts, the header row first. */
export function metricCells(variants: VariantResult[], nameOf: (shortUid: string) => string): string[][] {
  const columns = metricColumns(variants.length, nameOf);
  return [columns.map((c) => c.header), ...variants.map((v) => columns.map((c) => c.cell(v)))];
}
