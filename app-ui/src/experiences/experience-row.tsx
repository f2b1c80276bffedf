/** One experience in the table, and its details (variants, coverage, results) when expanded. */
import { useId, useState } from 'react';
import type { ExperienceOverview, MoveReport, VariantRemap } from '../bridge/bridge-port';
import type { Result } from '../core/result';
import { CsButton } from '../ui/cs-button';
import { statusLabel } from '../ui/status-label';
import { confirmInModal } from '../venus/confirm-modal';
import { NameWithTooltip } from '../venus/name-tooltip';
import { Notice } from '../venus/notice';
import { notify } from '../venus/notify';
import { MirrorStateTag } from '../venus/state-tag';
import { coverageTotals, VariantCoverage } from './coverage-list';
import { absoluteTime, relativeTime } from './format';
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
  onMoveEntryVariants: (uid: string, remap: VariantRemap) => Promise<Result<MoveReport>>;
}) {
  const { experience } = props;
  const detailsId = useId();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const type = experience.type === 'AB_TEST' ? 'A/B test' : 'Segmented';
  const last = experience.mirror.lastMirroredAt;

  async function mirrorNow() {
    setBusy(true);
    const problem = await props.onMirrorNow(experience.uid);
    setBusy(false);
    if (problem === null) notify('success', `Mirror queued: ${experience.name}`);
    else notify('error', `Not queued: ${experience.name}`, problem);
  }

  return (
    <>
      <tr className={open ? 'pb-row-open' : undefined}>
        <th scope="row" className="pb-exp-name">
          <NameWithTooltip name={experience.name} />
          <span className="pb-meta">
            {type} · {statusLabel(experience.status)} · {experience.variants.length}{' '}
            {experience.variants.length === 1 ? 'variant' : 'variants'}
          </span>
        </th>
        <td>
          <MirrorStateTag mirror={experience.mirror} showNotes />
          {(experience.mirror.remaps ?? [])
            .filter((r) => r.entryVariants !== 0)
            .map((remap) => (
              <RemapAction
                key={remap.fromVariantUid}
                remap={remap}
                variantName={experience.variants.find((v) => v.shortUid === remap.shortUid)?.name ?? remap.shortUid}
                onMove={() => props.onMoveEntryVariants(experience.uid, remap)}
              />
            ))}
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
          {/* The visible text starts each accessible name (WCAG 2.5.3: "click Mirror now" must reach it); the
              experience's name follows so the rows' buttons stay distinguishable. */}
          <div className="pb-row-actions">
            <CsButton
              expanded={open}
              controls={detailsId}
              name={`${open ? 'Hide details' : 'Details'}: ${experience.name}`}
              onClick={() => setOpen(!open)}
            >
              {open ? 'Hide details' : 'Details'}
            </CsButton>
            <CsButton
              kind="tertiary"
              onClick={() => void mirrorNow()}
              disabled={busy}
              name={`${busy ? 'Queuing' : 'Mirror now'}: ${experience.name}`}
            >
              {busy ? 'Queuing…' : 'Mirror now'}
            </CsButton>
          </div>
        </td>
      </tr>
      <tr id={detailsId} hidden={!open} className="pb-details-row">
        <td colSpan={COLUMNS}>
          {open && (
            <section className="pb-details" aria-labelledby={`${detailsId}-title`}>
              <h2 className="pb-details-title" id={`${detailsId}-title`}>
                {experience.name}
              </h2>
              <VariantCoverage experience={experience} />
              {experience.type === 'AB_TEST' && (
                <>
                  <h3 className="pb-subtitle">Results of {experience.name}</h3>
                  <ResultsPanel experience={experience} />
                </>
              )}
            </section>
          )}
        </td>
      </tr>
    </>
  );
}

const entryVariantCount = (n: number) => `${n} entry ${n === 1 ? 'variant' : 'variants'}`;

/**
 * Personalize gave a variant a new CMS variant: the entry variants written for the old one are no longer served.
 * The server copies each, checks the copy by reading it back, and only then deletes the old one.
 */
function RemapAction(props: { remap: VariantRemap; variantName: string; onMove: () => Promise<Result<MoveReport>> }) {
  const { remap } = props;
  const [busy, setBusy] = useState(false);
  // What could not be moved stays on the page: the author has to move those by hand.
  const [failures, setFailures] = useState<string[]>([]);
  const what = remap.entryVariants === null ? 'the entry variants' : entryVariantCount(remap.entryVariants);

  async function move() {
    const confirmed = await confirmInModal({
      title: `Move ${what} of “${props.variantName}”?`,
      message:
        'Each entry variant is copied to the new CMS variant, read back to check it, and only then deleted from the old one. Entries whose new variant already has different content are left for you to move by hand.',
      confirmLabel: 'Move',
    });
    if (!confirmed) return;
    setBusy(true);
    const answer = await props.onMove();
    setBusy(false);
    if (!answer.ok) {
      setFailures([]);
      return notify('error', `Not moved: ${answer.reason}`);
    }
    const { moved, failed } = answer.value;
    const text = `Moved ${entryVariantCount(moved.length)}.`;
    if (failed.length === 0) notify('success', text);
    else notify('error', text, `${failed.length} could not be moved; their old entry variants were kept.`);
    setFailures(failed.map((f) => `${f.contentTypeUid} / ${f.entryUid} (${f.locale}): ${f.reason}`));
  }

  return (
    <div className="pb-remap">
      <p className="pb-reason">
        “{props.variantName}” has a new CMS variant; {what} still {remap.entryVariants === 1 ? 'belongs' : 'belong'} to
        the old one.
      </p>
      <CsButton disabled={busy} onClick={() => void move()}>{`Move ${what} to the new variant`}</CsButton>
      {failures.length > 0 && (
        <Notice tone="warning">
          <span>Not moved (their old entry variants were kept):</span>
          <ul>
            {failures.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        </Notice>
      )}
    </div>
  );
}
