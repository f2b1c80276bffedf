/**
 * Statuses as venus' tag (`OutlineTag`) on the full-page locations: the sync guard's state of an experience and
 * the small markers of the results table (control, low data). venus' tag has two tones of its own (grey and
 * positive green); the calm warning and error tones are ours, in the same outline style, each at 4.5:1 or more on
 * white. The entry sidebar keeps its own badge (app-ui/src/ui/mirror-badge.tsx): it does not load venus before it
 * is interactive.
 */
import { OutlineTag } from '@contentstack/venus-components';
import './state-tag.css';
import type { MirrorStateName, MirrorStatus } from '../bridge/bridge-port';
import { MirrorExplanation, mirrorLabel } from '../ui/mirror-badge';

export type TagTone = 'neutral' | 'positive' | 'warning' | 'error';

export function StateTag(props: { label: string; tone?: TagTone }) {
  const tone = props.tone ?? 'neutral';
  return (
    <OutlineTag
      className={`pb-tag pb-tag-${tone}`}
      type={tone === 'positive' ? 'positive' : undefined}
      content={props.label}
      allowPropagation
    />
  );
}

const TONES: Record<MirrorStateName, TagTone> = {
  'in-sync': 'positive',
  pending: 'neutral',
  'waiting-for-sync': 'neutral',
  error: 'error',
  'sync-overdue': 'error',
  orphaned: 'warning',
  'not-personalized': 'warning',
};

const isKnown = (state: string): state is MirrorStateName => Object.hasOwn(TONES, state);

/** The sync state with its reason, advice and notes; a state this build does not know is shown as spelt, neutral. */
export function MirrorStateTag(props: { mirror: MirrorStatus; showNotes?: boolean }) {
  const { state } = props.mirror;
  return (
    <div className="pb-mirror">
      <StateTag label={mirrorLabel(props.mirror)} tone={isKnown(state) ? TONES[state] : 'neutral'} />
      <MirrorExplanation mirror={props.mirror} showNotes={props.showNotes} />
    </div>
  );
}
