/** Links the entry's content type to another variant group, after saying that this applies to every entry of
 * the type. */
import { useId, useState } from 'react';
import type { CmaPort } from '../cma/cma-port';
import type { VariantGroup } from '../cma/schemas';
import { Empty, ErrorNotice, Loading } from '../ui/status';
import { LightButton, OpeningHint } from '../ui/venus-look';
import { useConfirmation } from './ask-to-confirm';

type State =
  | { kind: 'closed' }
  | { kind: 'loading' }
  | { kind: 'failed'; reason: string }
  | { kind: 'choosing'; groups: VariantGroup[] };

export function AttachGroup(props: {
  cma: CmaPort;
  contentType: { uid: string; title: string };
  linkedUids: Set<string>;
  onAttached: (notice: string) => void;
}) {
  const id = useId();
  const [state, setState] = useState<State>({ kind: 'closed' });
  const [choice, setChoice] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmation = useConfirmation();

  async function open() {
    setState({ kind: 'loading' });
    const answer = await props.cma.listVariantGroups({});
    setState(
      answer.ok
        ? { kind: 'choosing', groups: answer.value.filter((g) => !props.linkedUids.has(g.uid)) }
        : { kind: 'failed', reason: answer.reason },
    );
  }

  const chosen = state.kind === 'choosing' ? state.groups.find((g) => g.uid === choice) : undefined;

  async function attach(group: VariantGroup) {
    const asked = await confirmation.ask({
      title: `Attach ${group.name}?`,
      message: `This links the content type "${props.contentType.title}" to ${group.name}: it applies to every entry of that type, not only this one.`,
      confirmLabel: 'Attach',
    });
    if (asked.problem !== null) setError(asked.problem);
    if (!asked.confirmed) return;
    setBusy(true);
    const answer = await props.cma.setContentTypeLink(group, props.contentType.uid, 'linked');
    setBusy(false);
    if (!answer.ok) {
      setError(answer.reason);
      return;
    }
    setState({ kind: 'closed' });
    setChoice('');
    props.onAttached(`Linked "${props.contentType.title}" to ${group.name}.`);
  }

  if (state.kind === 'closed') {
    return <LightButton onClick={() => void open()}>Attach a variant group</LightButton>;
  }
  return (
    <section className="pb-attach" aria-label="Attach a variant group">
      {state.kind === 'loading' && <Loading label="Loading variant groups…" />}
      {state.kind === 'failed' && (
        <ErrorNotice title="Could not list variant groups" reason={state.reason} onRetry={() => void open()} />
      )}
      {state.kind === 'choosing' && state.groups.length === 0 && <Empty>Every variant group is already linked.</Empty>}
      {state.kind === 'choosing' && state.groups.length > 0 && (
        <div className="pb-field">
          <label htmlFor={id}>Variant group</label>
          <select id={id} value={choice} onChange={(e) => setChoice(e.target.value)}>
            <option value="">Choose a group…</option>
            {state.groups.map((g) => (
              <option key={g.uid} value={g.uid}>
                {g.name}
                {g.personalize_metadata?.experience_uid ? ' (made by Personalize)' : ''}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="pb-actions">
        <LightButton kind="primary" disabled={!chosen || busy} onClick={() => chosen && void attach(chosen)}>
          Attach
        </LightButton>
        <LightButton kind="tertiary" onClick={() => setState({ kind: 'closed' })}>
          Cancel
        </LightButton>
      </div>
      {confirmation.opening && <OpeningHint label="Opening the confirmation…" />}
      {error && <ErrorNotice title="Not attached" reason={error} />}
    </section>
  );
}
