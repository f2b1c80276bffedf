/**
 * One metric's results as a table: per variant its counts, the uplift over control with its credible interval and
 * the chance to beat control (plus the probability to be best beyond two variants), with a legend saying which is
 * which. The demo prints the same cells (test/demo/results-table.ts; results-agree.test.ts compares them).
 */
import type { MetricResults } from '../bridge/bridge-port';
import { count, percent, signedPercent } from './format';
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
  // With two variants "beat control" and "be best" are one question; the engine gives them one number, so the
  // table shows it once.
  const twoVariants = variants.length === 2;
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
              Uplift (95% credible interval)
            </th>
            <th scope="col" className="pb-num">
              Chance to beat control
            </th>
            {!twoVariants && (
              <th scope="col" className="pb-num">
                Probability to be best
              </th>
            )}
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
              <td className="pb-num">{v.chanceToBeatControl === null ? '—' : percent(v.chanceToBeatControl, 0)}</td>
              {!twoVariants && <td className="pb-num">{percent(v.probabilityToBeBest, 0)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="pb-meta" id={`${metric.eventUid}-help`}>
        {twoVariants
          ? 'Chance to beat control: the probability that the variant truly converts better than the control (with two variants, also its probability to be best). The uplift is the most likely relative change, with the range it lies in with 95% probability; all three come from one Bayesian model, so they agree.'
          : 'Chance to beat control: the probability that a variant truly converts better than the control. Probability to be best: the probability that it converts better than every other variant, control included; these sum to 100% across variants. The uplift is the most likely relative change over the control, with the range it lies in with 95% probability. All come from one Bayesian model.'}
      </p>
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
