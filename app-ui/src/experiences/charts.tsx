/**
 * Plain SVG charts: a few hundred bytes of code instead of a chart library (the page must stay light). Every chart
 * is an image with a title for assistive technology; the table under the charts carries the same numbers.
 */
import { useId } from 'react';
import { colourFor } from './format';

const WIDTH = 420;
const LABEL = 120;
const VALUE = 64;
const ROW = 26;

export interface Bar {
  label: string;
  value: number;
  /** Colour index (the variant's position). */
  colour: number;
}

function clip(label: string, max = 16): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

export function BarChart(props: { title: string; bars: Bar[]; format: (v: number) => string; max?: number }) {
  const id = useId();
  const max = props.max ?? Math.max(...props.bars.map((b) => b.value), 0);
  const plot = WIDTH - LABEL - VALUE;
  const height = props.bars.length * ROW + 8;
  return (
    <figure className="pb-chart">
      <figcaption id={id}>{props.title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={id} width="100%" height={height}>
        {props.bars.map((bar, i) => {
          const y = 4 + i * ROW;
          const w = max > 0 ? Math.max((bar.value / max) * plot, bar.value > 0 ? 2 : 0) : 0;
          return (
            <g key={bar.label}>
              <title>{`${bar.label}: ${props.format(bar.value)}`}</title>
              <text x={LABEL - 8} y={y + ROW / 2} textAnchor="end" dominantBaseline="middle" className="pb-chart-label">
                {clip(bar.label)}
              </text>
              <rect x={LABEL} y={y + 4} width={plot} height={ROW - 8} className="pb-chart-track" rx={3} />
              <rect x={LABEL} y={y + 4} width={w} height={ROW - 8} fill={colourFor(bar.colour)} rx={3} />
              <text x={LABEL + plot + 6} y={y + ROW / 2} dominantBaseline="middle" className="pb-chart-value">
                {props.format(bar.value)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

export interface Interval {
  label: string;
  estimate: number;
  low: number;
  high: number;
  colour: number;
}

/** Uplift against the control with its 95% interval, around a zero line (a forest plot). */
export function IntervalChart(props: { title: string; rows: Interval[]; format: (v: number) => string }) {
  const id = useId();
  const extent = Math.max(0.05, ...props.rows.flatMap((r) => [Math.abs(r.low), Math.abs(r.high)]));
  const plot = WIDTH - LABEL - VALUE;
  const x = (v: number) => LABEL + ((Math.max(-extent, Math.min(extent, v)) + extent) / (2 * extent)) * plot;
  const height = props.rows.length * ROW + 8;
  return (
    <figure className="pb-chart">
      <figcaption id={id}>{props.title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={id} width="100%" height={height}>
        <line x1={x(0)} x2={x(0)} y1={0} y2={height} className="pb-chart-zero" />
        {props.rows.map((row, i) => {
          const y = 4 + i * ROW + ROW / 2;
          const colour = colourFor(row.colour);
          return (
            <g key={row.label}>
              <title>{`${row.label}: ${props.format(row.estimate)} (${props.format(row.low)} to ${props.format(row.high)})`}</title>
              <text x={LABEL - 8} y={y} textAnchor="end" dominantBaseline="middle" className="pb-chart-label">
                {clip(row.label)}
              </text>
              <line x1={x(row.low)} x2={x(row.high)} y1={y} y2={y} stroke={colour} strokeWidth={3} />
              <circle cx={x(row.estimate)} cy={y} r={5} fill={colour} />
              <text x={LABEL + plot + 6} y={y} dominantBaseline="middle" className="pb-chart-value">
                {props.format(row.estimate)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

export interface Line {
  label: string;
  colour: number;
  points: { at: string; value: number }[];
}

/** Values over time, one line per variant. */
export function LineChart(props: { title: string; lines: Line[]; format: (v: number) => string }) {
  const id = useId();
  const times = [...new Set(props.lines.flatMap((l) => l.points.map((p) => Date.parse(p.at))))].sort((a, b) => a - b);
  const first = times[0] ?? 0;
  const last = times.at(-1) ?? first;
  const max = Math.max(...props.lines.flatMap((l) => l.points.map((p) => p.value)), 0);
  const left = 56;
  const height = 180;
  const bottom = height - 24;
  const x = (t: number) => left + (last === first ? 0 : ((t - first) / (last - first)) * (WIDTH - left - 12));
  const y = (v: number) => bottom - (max === 0 ? 0 : (v / max) * (bottom - 12));
  return (
    <figure className="pb-chart">
      <figcaption id={id}>{props.title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={id} width="100%" height={height}>
        <line x1={left} x2={WIDTH - 12} y1={bottom} y2={bottom} className="pb-chart-zero" />
        <text x={left - 6} y={y(max)} textAnchor="end" dominantBaseline="middle" className="pb-chart-value">
          {props.format(max)}
        </text>
        <text x={left - 6} y={bottom} textAnchor="end" dominantBaseline="middle" className="pb-chart-value">
          {props.format(0)}
        </text>
        {props.lines.map((line) => (
          <polyline
            key={line.label}
            fill="none"
            stroke={colourFor(line.colour)}
            strokeWidth={2}
            points={line.points.map((p) => `${x(Date.parse(p.at)).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ')}
          >
            <title>{line.label}</title>
          </polyline>
        ))}
      </svg>
      <ul className="pb-legend">
        {props.lines.map((line) => (
          <li key={line.label}>
            <span className="pb-swatch" style={{ background: colourFor(line.colour) }} aria-hidden="true" />
            {line.label}
          </li>
        ))}
      </ul>
    </figure>
  );
}
