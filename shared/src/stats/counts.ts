// What the results math consumes: per-variant counts of unique visitors (impressions count once per user) and of
// converted visitors (conversions count within 30 days of an impression; that windowing happens upstream).

export interface ConversionCounts {
  readonly visitors: number;
  readonly conversions: number;
}

export function countsAreValid({ visitors, conversions }: ConversionCounts): boolean {
  return Number.isInteger(visitors) && Number.isInteger(conversions) && conversions >= 0 && conversions <= visitors;
}

export function conversionRate({ visitors, conversions }: ConversionCounts): number | null {
  return visitors > 0 ? conversions / visitors : null;
}
