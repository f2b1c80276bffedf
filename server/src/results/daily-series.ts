// Results over time: the event store's per-day increments turned into one cumulative point per UTC day, so a chart
// can draw "visitors and conversion rate per variant over time". Pure, so the gap filling is tested without Redis.

/** At most this many points (the most recent days); older days still count in the first point's totals. */
export const SERIES_MAX_DAYS = 90;
export const DAY_MS = 24 * 3600 * 1000;

/** New unique visitors and new unique converters (per event key) of one variant on one UTC day. */
export interface DailyCount {
  /** Days since 1970-01-01 (UTC). */
  day: number;
  variantShortUid: string;
  visitors: number;
  conversions: Record<string, number>;
}

export interface SeriesPoint {
  /** Start of the UTC day; the counts are cumulative up to the end of that day. */
  at: string;
  variants: { shortUid: string; visitors: number; conversions: number }[];
}

export const utcDay = (epochMs: number): number => Math.floor(epochMs / DAY_MS);

const dayStart = (day: number): string => `${new Date(day * DAY_MS).toISOString().slice(0, 10)}T00:00:00Z`;

/**
 * One point per day from the first day with counts (or `maxDays` before the last day, whichever is later) to
 * `today` (or the last day with counts if a clock is behind): days without counts repeat the previous totals.
 * Counts before the first point are folded into it, so the last point equals the totals. `eventKey` null (the
 * metric's event was deleted) gives zero conversions. Variants are listed in the given order; others are ignored.
 */
export function cumulativeSeries(
  daily: readonly DailyCount[],
  options: { variants: readonly string[]; eventKey: string | null; today: number; maxDays?: number },
): SeriesPoint[] {
  if (daily.length === 0 || options.variants.length === 0) return [];
  const maxDays = Math.max(1, options.maxDays ?? SERIES_MAX_DAYS);
  const last = Math.max(options.today, ...daily.map((d) => d.day));
  const first = Math.max(Math.min(...daily.map((d) => d.day)), last - maxDays + 1);
  const totals = new Map(options.variants.map((v) => [v, { visitors: 0, conversions: 0 }]));
  const byDay = new Map<number, DailyCount[]>();
  for (const count of daily) {
    const day = Math.max(count.day, first);
    byDay.set(day, [...(byDay.get(day) ?? []), count]);
  }
  const points: SeriesPoint[] = [];
  for (let day = first; day <= last; day++) {
    for (const count of byDay.get(day) ?? []) {
      const total = totals.get(count.variantShortUid);
      if (total === undefined) continue;
      total.visitors += count.visitors;
      total.conversions += options.eventKey === null ? 0 : (count.conversions[options.eventKey] ?? 0);
    }
    points.push({
      at: dayStart(day),
      variants: options.variants.map((shortUid) => ({
        shortUid,
        ...(totals.get(shortUid) ?? { visitors: 0, conversions: 0 }),
      })),
    });
  }
  return points;
}
