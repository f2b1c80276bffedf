/**
 * The sync guard's state of one experience, the same badge on the experiences page and in the entry sidebar. Labels
 * are lower case and calm: most states are Contentstack's sync at work, not a fault. A state this build does not
 * know (a newer server) is shown as the server spells it.
 */
import type { MirrorStateName, MirrorStatus } from '../bridge/bridge-port';

const LABELS: Record<MirrorStateName, string> = {
  'in-sync': 'in sync',
  pending: 'pending',
  error: 'error',
  orphaned: 'orphaned',
  'waiting-for-sync': 'waiting for Contentstack’s sync',
  'sync-overdue': 'sync overdue',
  'not-personalized': 'not personalized',
};

/**
 * What an author can do about a state, when the server's reason does not already say it (`saidBy`: a phrase the
 * server's own advice contains; the same advice twice in a row reads as noise).
 */
const ADVICE: Partial<Record<MirrorStateName, { text: string; saidBy: string }>> = {
  'sync-overdue': {
    text: 'Check that this stack is connected to the project in Personalize, then press Mirror now to check again.',
    saidBy: 'Mirror now',
  },
  orphaned: { text: 'The experience was deleted in Personalize; its variant group stays.', saidBy: 'deleted' },
};

const isKnown = (state: string): state is MirrorStateName => Object.hasOwn(LABELS, state);

/** "12 s", "3 min", "2 h": the age of a wait, rounded as people say it. */
export function waitingFor(seconds: number): string {
  if (seconds < 90) return `${Math.max(0, Math.round(seconds))} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

export function mirrorLabel(mirror: Pick<MirrorStatus, 'state' | 'waitingSeconds'>): string {
  const label = isKnown(mirror.state) ? LABELS[mirror.state] : mirror.state;
  const waits = mirror.state === 'waiting-for-sync' || mirror.state === 'sync-overdue';
  return waits && mirror.waitingSeconds !== undefined ? `${label} · ${waitingFor(mirror.waitingSeconds)}` : label;
}

/** What an author can do about the state, unless the server's reason already says it. */
export function mirrorAdvice(mirror: Pick<MirrorStatus, 'state' | 'reason'>): string | undefined {
  const known = isKnown(mirror.state) ? ADVICE[mirror.state] : undefined;
  return known !== undefined && !(mirror.reason ?? '').includes(known.saidBy) ? known.text : undefined;
}

/** The state's reason, advice and (when asked) notes, under the badge or tag that names it. */
export function MirrorExplanation(props: { mirror: MirrorStatus; showNotes?: boolean | undefined }) {
  const { reason, notes } = props.mirror;
  const advice = mirrorAdvice(props.mirror);
  return (
    <>
      {reason !== undefined && <span className="pb-reason">{reason}</span>}
      {advice !== undefined && <span className="pb-reason">{advice}</span>}
      {props.showNotes === true && notes !== undefined && notes.length > 0 && (
        <ul className="pb-notes">
          {notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </>
  );
}

export function MirrorBadge(props: { mirror: MirrorStatus; showNotes?: boolean }) {
  const { state } = props.mirror;
  // Unknown states share the neutral look; the class names only ever come from the known list.
  const tone = isKnown(state) ? state : 'unknown';
  return (
    <div className="pb-mirror">
      <span className={`pb-state pb-state-${tone}`}>{mirrorLabel(props.mirror)}</span>
      <MirrorExplanation mirror={props.mirror} showNotes={props.showNotes} />
    </div>
  );
}
