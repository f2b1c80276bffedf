/** One experience in the table, and its details (variants, coverage, results) when expanded. */
import { useId, useState } from 'react';
import type { ExperienceOverview } from '../bridge/bridge-port';
import { coverageTotals, VariantCoverage } from './coverage-list';
import { absoluteTime, relativeTime } from './format';
import { MirrorBadge } from './mirror-badge';
import { ResultsPanel } from './results-panel';

const COLUMNS = 5;

function coverageSummary(experience: ExperienceOverview): string {
  const totals = experience.variants.map(coverageTotals).filter((t) => t !== null);
  if (experience.contentTypes.length === 0) return 'No content type linked';
  if (totals.length === 0) return '—';
  const missing = totals.reduce((sum, t) => sum + (t.entries - t.covered), 0);
  const complete = totals.filter((t) => t.covered === t.entries).length;
  return missing === 0
    ? 'Every variant has content'
    : `${complete} of ${experience.variants.length} variants complete · ${missing} missing entry ${missing === 1 ? 'variant' : 'variants'}`;
}

export function ExperienceRow(props: {
  experience: ExperienceOverview;
  now: number;
  onMirrorNow: (uid: string) => Promise<string | null>;
}) {
  const { experience } = props;
  const detailsId = useId();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const type = experience.type === 'AB_TEST' ? 'A/B test' : 'Segmented';
  const last = experience.mirror.lastMirroredAt;

  async function mirrorNow() {
    setBusy(true);
    setMessage(null);
    const problem = await props.onMirrorNow(experience.uid);
    setBusy(false);
    setMessage(problem === null ? { ok: true, text: 'Mirror queued' } : { ok: false, text: problem });
  }

  return (
    <>
      <tr className={open ? 'pb-row-open' : undefined}>
        <th scope="row" className="pb-exp-name">
          <span className="pb-name">{experience.name}</span>
          <span className="pb-meta">
            {type} · {experience.status.toLowerCase()} · {experience.variants.length}{' '}
            {experience.variants.length === 1 ? 'variant' : 'variants'}
          </span>
        </th>
        <td>
          <MirrorBadge mirror={experience.mirror} />
        </td>
        <td>
          {last === undefined ? (
            <span className="pb-meta">Not recorded</span>
          ) : (
            <time dateTime={last} title={absoluteTime(last)}>
              {relativeTime(last, props.now)}
            </time>
          )}
        </td>
        <td>{coverageSummary(experience)}</td>
        <td>
          <div className="pb-row-actions">
            <button
              type="button"
              onClick={() => void mirrorNow()}
              disabled={busy}
              aria-label={`Mirror ${experience.name} now`}
            >
              {busy ? 'Queuing…' : 'Mirror now'}
            </button>
            <button
              type="button"
              className="pb-secondary"
              aria-expanded={open}
              aria-controls={detailsId}
              aria-label={`${open ? 'Hide' : 'Show'} details of ${experience.name}`}
              onClick={() => setOpen(!open)}
            >
              {open ? 'Hide details' : 'Details'}
            </button>
          </div>
          {message && (
            <p role="status" className={message.ok ? 'pb-message-ok' : 'pb-message-error'}>
              {message.text}
            </p>
          )}
        </td>
      </tr>
      <tr id={detailsId} hidden={!open} className="pb-details-row">
        <td colSpan={COLUMNS}>
          {open && (
            <div className="pb-details">
              {(experience.mirror.notes ?? []).map((note) => (
                <p key={note} className="pb-warning">
                  {note}
                </p>
              ))}
              <VariantCoverage experience={experience} />
              {experience.type === 'AB_TEST' && (
                <>
                  <h3 className="pb-subtitle">Results</h3>
                  <ResultsPanel experience={experience} />
                </>
              )}
            </div>
          )}
        </td>
      </tr>
    </>
  );
}
