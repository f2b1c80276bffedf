/** Numbers and times as an author reads them. */
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

export function relativeTime(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return 'unknown';
  const delta = at - now;
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(delta) >= ms || unit === 'second') return format.format(Math.round(delta / ms), unit);
  }
  return format.format(0, 'second');
}

export function absoluteTime(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : at.toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
}

export function percent(value: number | null, digits = 1): string {
  return value === null ? '—' : `${(value * 100).toFixed(digits)}%`;
}

/** The sign follows the rounded figure, so a posterior median of −0.00001 reads "+0.0%", never "−0.0%". */
export function signedPercent(value: number, digits = 1): string {
  const shown = Math.abs(value * 100).toFixed(digits);
  const negative = value < 0 && Number(shown) !== 0;
  return `${negative ? '−' : '+'}${shown}%`;
}

export function count(value: number): string {
  return value.toLocaleString('en');
}

/** One colour per variant, the same in every chart and in the table. */
export const VARIANT_COLOURS = ['#5b4bc4', '#0f8a8a', '#c4572e', '#1f6fb5', '#a23b72', '#5a6b2f'];
export const colourFor = (index: number) => VARIANT_COLOURS[index % VARIANT_COLOURS.length] ?? '#5b4bc4';
