/** Results of an A/B test: charts of the primary metric and a table of every number, each with its caveats. */
import { useEffect, useState } from 'react';
import type { ExperienceOverview, ExperienceResultsView, MetricResults } from '../bridge/bridge-port';
import { usePorts } from '../ports/ports-context';
import { Empty, Loading } from '../ui/status';
import { FailureNotice } from '../venus/notice';
import { BarChart, IntervalChart, LineChart } from './charts';
import { count, percent, signedPercent } from './format';
import { MetricTable } from './metric-table';
import { explain } from './result-reasons';

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
      <FailureNotice title="Could not load results" reason={explain(state.reason)} />
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
  return (
    <IntervalChart title="Uplift vs control (95% credible interval)" rows={rows} format={(v) => signedPercent(v)} />
  );
}
