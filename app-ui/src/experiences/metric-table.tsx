/**
 * One metric's results as venus' table: per variant its counts, the uplift over control with its credible interval
 * and the chance to beat control (plus the probability to be best beyond two variants), with a legend saying which
 * is which. The cells' text comes from metric-cells.ts, which the demo's printed table is compared with.
 */
import type { MetricResults, VariantResult } from '../bridge/bridge-port';
import { DataTable } from '../venus/data-table';
import type { DataColumn } from '../venus/data-table';
import { Notice } from '../venus/notice';
import { StateTag } from '../venus/state-tag';
import { metricColumns } from './metric-cells';
import { explain } from './result-reasons';

export function MetricTable(props: { metric: MetricResults; nameOf: (s: string) => string }) {
  const { metric } = props;
  const caption = `${metric.name}${metric.primary ? ' (primary metric)' : ''}`;
  if (!metric.results.ok)
    return (
      <p className="pb-meta">
        {caption}: {explain(metric.results.reason)}
      </p>
    );
  const { variants, warnings } = metric.results.value;
  const twoVariants = variants.length === 2;
  const columns: DataColumn<VariantResult>[] = metricColumns(variants.length, props.nameOf).map((column, i) => ({
    id: String(i),
    header: column.header,
    numeric: column.numeric,
    wide: column.wide === true,
    cell:
      i > 0
        ? column.cell
        : (v) => (
            <span className="pb-variant-cell">
              <span>{column.cell(v)}</span>
              {v.isControl && <StateTag label="control" />}
              {v.lowData && <StateTag label="low data" tone="warning" />}
            </span>
          ),
  }));
  return (
    <div className="pb-metric">
      <DataTable
        caption={caption}
        columns={columns}
        rows={variants}
        rowKey={(v) => v.variantShortUid}
        rowName={{ singular: 'variant', plural: 'variants' }}
        className="pb-results-table"
      />
      <p className="pb-meta" id={`${metric.eventUid}-help`}>
        {twoVariants
          ? 'Chance to beat control: the probability that the variant truly converts better than the control (with two variants, also its probability to be best). The uplift is the most likely relative change, with the range it lies in with 95% probability; all three come from one Bayesian model, so they agree.'
          : 'Chance to beat control: the probability that a variant truly converts better than the control. Probability to be best: the probability that it converts better than every other variant, control included; these sum to 100% across variants. The uplift is the most likely relative change over the control, with the range it lies in with 95% probability. All come from one Bayesian model.'}
      </p>
      {warnings.includes('sample-ratio-mismatch') && (
        <Notice tone="warning">
          Sample ratio mismatch: visitors are not split as configured, so these numbers may be biased.
        </Notice>
      )}
      {warnings.includes('insufficient-data') && (
        <Notice tone="warning">Some variants have few conversions: wait for more data before deciding.</Notice>
      )}
    </div>
  );
}
