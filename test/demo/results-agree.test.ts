// The demo prints what the experiences page shows: one results answer, computed by the shared statistics as the
// server computes it, goes through the cells the page's results table renders (metric-cells.ts) and is printed by
// the demo's table, and each variant's uplift, chance to beat control and probability to be best must
// read the same in both — for the two-variant case (one chance column) and beyond (both columns).
import { describe, expect, it } from 'vitest';
import { experienceResults } from '@pb/shared';
import { resultsSchema as pageSchema } from '@pb/shared/contracts/ui-api';
import { metricCells } from '../../app-ui/src/experiences/metric-cells';
import type { ExperienceResults } from './bridge';
import { resultsSchema as demoSchema } from './bridge';
import { resultsTable } from './results-table';

const NAMES = new Map([
  ['0', 'Control'],
  ['1', 'Green button'],
  ['2', 'Red button'],
]);

/** The results API's JSON for these counts, computed by the shared statistics as the server computes it. */
function answer(counts: [visitors: number, conversions: number][]): unknown {
  const variants = counts.map(([visitors], i) => ({ shortUid: String(i), visitors, impressions: visitors }));
  const stats = experienceResults({
    controlShortUid: '0',
    variants: counts.map(([visitors, conversions], i) => ({ variantShortUid: String(i), visitors, conversions })),
  });
  return JSON.parse(
    JSON.stringify({
      experienceUid: 'exp',
      shortUid: 'a',
      versionUid: 'v',
      type: 'AB_TEST',
      controlShortUid: '0',
      variants,
      metrics: [{ eventUid: 'ev', eventKey: 'purchase', name: 'Purchases', primary: true, results: stats }],
    }),
  ) as unknown;
}

/**
 * The page's table as rows of cell texts (header row first), from the answer as the page parses it: the cells
 * MetricTable renders in venus' table (app-ui's component tests check that the rendered rows carry them).
 */
function pageCells(json: unknown): string[][] {
  const metric = pageSchema.parse(json).metrics[0];
  if (metric === undefined) throw new Error('no metric');
  if (!metric.results.ok) throw new Error(`no results: ${metric.results.reason}`);
  return metricCells(metric.results.value.variants, (s: string) => NAMES.get(s) ?? s);
}

/** The demo's printed table, split on its two-space column gaps (header first), from the answer as it parses it. */
function demoCells(json: unknown): string[][] {
  const results: ExperienceResults = demoSchema.parse(json);
  const lines = resultsTable(results, NAMES).slice(1, 1 + 1 + results.variants.length);
  return lines.map((line) => line.trim().split(/\s{2,}/));
}

function column(rows: string[][], header: string): string[] {
  const index = rows[0]?.findIndex((h) => h.toLowerCase() === header.toLowerCase()) ?? -1;
  if (index < 0) throw new Error(`no column ${header} in ${JSON.stringify(rows[0])}`);
  return rows.slice(1).map((row) => row[index] ?? '');
}

describe('the demo prints what the experiences page shows', () => {
  it.each([
    [
      'two variants',
      [
        [1000, 100],
        [990, 120],
      ] as [number, number][],
    ],
    [
      'three variants',
      [
        [1000, 100],
        [1000, 120],
        [1000, 125],
      ] as [number, number][],
    ],
    [
      'a control without conversions',
      [
        [200, 0],
        [200, 4],
      ] as [number, number][],
    ],
  ])('%s', (_name, counts) => {
    const json = answer(counts);
    const page = pageCells(json);
    const demo = demoCells(json);
    for (const header of ['Uplift (95% credible interval)', 'Chance to beat control']) {
      expect(column(demo, header)).toEqual(column(page, header));
    }
    if (counts.length > 2) {
      expect(column(demo, 'Probability to be best')).toEqual(column(page, 'Probability to be best'));
    } else {
      // One question, one number: the page shows no second column for it, and neither does the demo.
      expect(page[0]).not.toContain('Probability to be best');
      expect(demo[0]).not.toContain('probability to be best');
    }
    // The page's names carry their badges ("control", "low data"); the demo marks the control in the name.
    expect(column(demo, 'variant').map((n) => n.replace(' (control)', ''))).toEqual(
      page.slice(1).map((row) => row[0] ?? ''),
    );
  });
});
