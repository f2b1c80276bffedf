// Results of one experience version: per variant the counts, and per metric the shared statistics (conversion
// rate, uplift against the control with a 95% interval, probability to be best, sample-ratio check), and the
// primary metric over time (cumulative per UTC day, the last SERIES_MAX_DAYS days).
import { experienceResults, type ExperienceResults, type ResultsProblem, type Result } from '@pb/shared';
import type { ServedTable } from '../assignments/table-reader';
import type { SeriesPoint } from './daily-series';
import type { EventStore } from './event-store';

/** The event store reads the results need. */
export type ResultsEvents = Pick<EventStore, 'counters' | 'series'>;

export interface MetricResults {
  eventUid: string;
  eventKey: string | null;
  name: string;
  primary: boolean;
  results: Result<ExperienceResults, ResultsProblem | 'event-unknown'>;
}

export interface ExperienceResultsView {
  experienceUid: string;
  shortUid: string;
  versionUid: string;
  type: 'SEGMENTED' | 'AB_TEST';
  controlShortUid: string;
  variants: { shortUid: string; visitors: number; impressions: number; trafficShare?: number }[];
  metrics: MetricResults[];
  /** Cumulative visitors and converters of the primary metric per variant, one point per UTC day. */
  series: SeriesPoint[];
}

export type ResultsLookupFailure = 'experience-not-served' | 'no-variants';

export async function resultsFor(
  table: ServedTable,
  events: ResultsEvents,
  experienceUid: string,
  versionUid?: string,
): Promise<Result<ExperienceResultsView, ResultsLookupFailure>> {
  const { stored } = table;
  const row = stored.table.experiences.find((e) => e.experienceUid === experienceUid);
  if (row === undefined) return { ok: false, reason: 'experience-not-served' };
  const control = row.variants[0];
  if (control === undefined) return { ok: false, reason: 'no-variants' };
  const version = versionUid ?? row.versionUid ?? '-';
  const storedMetrics = stored.metrics[experienceUid] ?? [];
  const primary = storedMetrics.find((m) => m.primary) ?? storedMetrics[0];
  const [counters, series] = await Promise.all([
    events.counters(stored.projectUid, row.shortUid, version),
    events.series(stored.projectUid, row.shortUid, version, {
      variants: row.variants.map((v) => v.shortUid),
      eventKey: primary?.eventKey ?? null,
    }),
  ]);
  const variants = row.variants.map((v) => {
    const c = counters.get(v.shortUid);
    return {
      shortUid: v.shortUid,
      visitors: c?.visitors ?? 0,
      impressions: c?.impressions ?? 0,
      ...('trafficShare' in v ? { trafficShare: v.trafficShare } : {}),
    };
  });
  const metrics = storedMetrics.map((metric): MetricResults => {
    const { eventKey } = metric;
    if (eventKey === null) return { ...metric, results: { ok: false, reason: 'event-unknown' } };
    return {
      ...metric,
      results: experienceResults({
        controlShortUid: control.shortUid,
        variants: variants.map((v) => ({
          variantShortUid: v.shortUid,
          visitors: v.visitors,
          conversions: counters.get(v.shortUid)?.conversions[eventKey] ?? 0,
          ...(v.trafficShare === undefined ? {} : { weight: v.trafficShare }),
        })),
      }),
    };
  });
  return {
    ok: true,
    value: {
      experienceUid,
      shortUid: row.shortUid,
      versionUid: version,
      type: row.type,
      controlShortUid: control.shortUid,
      variants,
      metrics,
      series,
    },
  };
}
