/** Results of an A/B test: charts of the primary metric and a table of every number, each with its caveats. */
import { useEffect, useState } from 'react';
import type { ExperienceOverview, ExperienceResultsView, MetricResults } from '../bridge/bridge-port';
import { usePorts } from '../sdk/hooks';
import { Empty, ErrorNotice, Loading } from '../ui/status';
import { BarChart, IntervalChart, LineChart } from './charts';
import { count, percent, signedPercent } from './format';

const REASONS: Record<string, string> = {
  'experience-not-served':
    'No results yet: results are counted once a version of this A/B test is active and served to visitors.',
  'no-variants': 'This version has no variants, so there is nothing to compare.',
  'event-unknown': 'The event this metric counts no longer exists in Personalize.',
  'control-not-found': 'The control variant has no counts.',
  'invalid-counts': 'The counts are inconsistent (more conversions than visitors).',
  'insufficient-data': 'Not enough data yet',
  'control-has-no-conversions': 'Control has no conversions yet',
};
const explain = (reason: string) => REASONS[reason] ?? reason;

export function ResultsPanel(props: { experience: ExperienceOverview }) {
  const { bridge } = usePorts();
  const [state, setState] = useState<
    { kind: 'loading' } | { kind: 'failed'; reason: string } | { kind: 'ready'; view: ExperienceResultsView }
  >({ kind: 'loading' });
  const uid = props.experience.uid;
  useEffect(() => {
    let live = true;
    void bridge.results(uid).then((answer) => {
      if (live) setState(answer.ok ? { kind: 'ready', view: answer.value } : { kind: 'failed', reason: answer.reason });
    });
    return () => {
      live = false;
    };
  }, [bridge, uid]);

  if (state.kind === 'loading') return <Loading label="Loading results…" />;
  if (state.kind === 'failed') {
    return state.reason === 'experience-not-served' ? (
      <Empty>{explain(state.reason)}</Empty>
    ) : (
      <ErrorNotice title="Could not load results" reason={explain(state.reason)} />
    );
  }
  const { view } = state;
  const nameOf = (shortUid: string) =>
    props.experience.variants.find((v) => v.shortUid === shortUid)?.name ?? `Variant ${shortUid}`;
  const order = view.variants.map((v) => v.shortUid);
  const colourOf = (shortUid: string) => Math.max(order.indexOf(shortUid), 0);
  const primary = view.metrics.find((m) => m.primary) ?? view.metrics[0];
  return (
    <section className="pb-results" aria-label="Results">
      <div className="pb-chart-grid">
        <BarChart
          title="Visitors per variant"
          format={count}
          bars={view.variants.map((v) => ({
            label: nameOf(v.shortUid),
            value: v.visitors,
            colour: colourOf(v.shortUid),
          }))}
        />
        {primary?.results.ok && (
          <>
            <BarChart
              title={`Conversion rate · ${primary.name}`}
              format={(v) => percent(v)}
              bars={primary.results.value.variants.map((v) => ({
                label: nameOf(v.variantShortUid),
                value: v.conversionRate ?? 0,
                colour: colourOf(v.variantShortUid),
              }))}
            />
            <BarChart
              title="Probability to be best"
              format={(v) => percent(v, 0)}
              max={1}
              bars={primary.results.value.variants.map((v) => ({
                label: nameOf(v.variantShortUid),
                value: v.probabilityToBeBest,
                colour: colourOf(v.variantShortUid),
              }))}
            />
            <UpliftChart metric={primary} nameOf={nameOf} colourOf={colourOf} />
          </>
        )}
      </div>
      {view.series && view.series.length > 1 ? (
        <div className="pb-chart-grid">
          <LineChart
            title="Visitors over time"
            format={count}
            lines={order.map((shortUid) => ({
              label: nameOf(shortUid),
              colour: colourOf(shortUid),
              points: (view.series ?? []).map((p) => ({
                at: p.at,
                value: p.variants.find((v) => v.shortUid === shortUid)?.visitors ?? 0,
              })),
            }))}
          />
          <LineChart
            title="Conversion rate over time"
            format={(v) => percent(v)}
            lines={order.map((shortUid) => ({
              label: nameOf(shortUid),
              colour: colourOf(shortUid),
              points: (view.series ?? []).map((p) => {
                const v = p.variants.find((x) => x.shortUid === shortUid);
                return { at: p.at, value: v && v.visitors > 0 ? v.conversions / v.visitors : 0 };
              }),
            }))}
          />
        </div>
      ) : (
        <p className="pb-meta">Trends over time appear from the second day of results.</p>
      )}
      {view.metrics.length === 0 && <Empty>This A/B test has no metric yet; add one in Personalize.</Empty>}
      {view.metrics.map((metric) => (
        <MetricTable key={metric.eventUid} metric={metric} nameOf={nameOf} />
      ))}
    </section>
  );
}

function UpliftChart(props: { metric: MetricResults; nameOf: (s: string) => string; colourOf: (s: string) => number }) {
  if (!props.metric.results.ok) return null;
  const rows = props.metric.results.value.variants.flatMap((v) =>
    v.uplift?.ok
      ? [
          {
            label: props.nameOf(v.variantShortUid),
            estimate: v.uplift.value.relative,
            low: v.uplift.value.interval[0],
            high: v.uplift.value.interval[1],
            colour: props.colourOf(v.variantShortUid),
          },
        ]
      : [],
  );
  if (rows.length === 0) return null;
  return <IntervalChart title="Uplift vs control (95% interval)" rows={rows} format={(v) => signedPercent(v)} />;
}

function MetricTable(props: { metric: MetricResults; nameOf: (s: string) => string }) {
  const { metric } = props;
  const caption = `${metric.name}${metric.primary ? ' (primary metric)' : ''}`;
  if (!metric.results.ok)
    return (
      <p className="pb-meta">
        {caption}: {explain(metric.results.reason)}
      </p>
    );
  const { variants, warnings } = metric.results.value;
  return (
    <div className="pb-table-scroll">
      <table className="pb-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col" className="pb-num">
              Visitors
            </th>
            <th scope="col" className="pb-num">
              Conversions
            </th>
            <th scope="col" className="pb-num">
              Conversion rate
            </th>
            <th scope="col" className="pb-num">
              Uplift (95% interval)
            </th>
            <th scope="col" className="pb-num">
              Chance to beat control
            </th>
            <th scope="col" className="pb-num">
              Probability to be best
            </th>
          </tr>
        </thead>
        <tbody>
          {variants.map((v) => (
            <tr key={v.variantShortUid}>
              <th scope="row">
                {props.nameOf(v.variantShortUid)}
                {v.isControl && <span className="pb-badge">control</span>}
                {v.lowData && <span className="pb-badge pb-badge-warn">low data</span>}
              </th>
              <td className="pb-num">{count(v.visitors)}</td>
              <td className="pb-num">{count(v.conversions)}</td>
              <td className="pb-num">{percent(v.conversionRate)}</td>
              <td className="pb-num">
                {v.uplift === null
                  ? '—'
                  : v.uplift.ok
                    ? `${signedPercent(v.uplift.value.relative)} (${signedPercent(v.uplift.value.interval[0])} to ${signedPercent(v.uplift.value.interval[1])})`
                    : explain(v.uplift.reason)}
              </td>
              <td className="pb-num">{v.uplift?.ok ? percent(v.uplift.value.chanceToBeatControl, 0) : '—'}</td>
              <td className="pb-num">{percent(v.probabilityToBeBest, 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {warnings.includes('sample-ratio-mismatch') && (
        <p className="pb-warning">
          Sample ratio mismatch: visitors are not split as configured, so these numbers may be biased.
        </p>
      )}
      {warnings.includes('insufficient-data') && (
        <p className="pb-warning">Some variants have few conversions: wait for more data before deciding.</p>
      )}
    </div>
  );
}
