/**
 * What an author can do from the sidebar about the sync state of a group's experience, calmly: one quiet
 * "Mirror now" where checking again helps (sync overdue, an error), and a pointer to the experiences page where
 * the fix lives there (moving entry variants after a remap needs the whole experience in view). Nothing for the
 * states that need no action.
 */
import { useState } from 'react';
import type { ExperienceSummary } from '../bridge/bridge-port';
import { usePorts } from '../ports/ports-context';

const RETRY_STATES = new Set(['sync-overdue', 'error']);

export function SyncAction(props: { experience: ExperienceSummary }) {
  const { bridge } = usePorts();
  const { experience } = props;
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const state = experience.mirror?.state;
  const remaps = (experience.mirror?.remaps ?? []).filter((r) => r.entryVariants !== 0);

  async function mirrorNow() {
    setBusy(true);
    const answer = await bridge.mirrorNow(experience.uid);
    setBusy(false);
    setMessage(
      answer.ok
        ? { ok: true, text: 'Mirror queued: reload in a moment to see the new state.' }
        : { ok: false, text: answer.reason },
    );
  }

  return (
    <>
      {remaps.length > 0 && (
        <p className="pb-warning">
          Personalize gave {remaps.length === 1 ? 'a variant' : `${remaps.length} variants`} of this experience a new
          CMS variant: move the entry variants on the app’s Experiences page.
        </p>
      )}
      {state !== undefined && RETRY_STATES.has(state) && (
        <button
          type="button"
          className="pb-link-button"
          disabled={busy}
          aria-label={`${busy ? 'Queuing' : 'Mirror now'}: ${experience.name}`}
          onClick={() => void mirrorNow()}
        >
          {busy ? 'Queuing…' : 'Mirror now'}
        </button>
      )}
      {message && (
        <p role="status" className={message.ok ? 'pb-message-ok' : 'pb-message-error'}>
          {message.text}
        </p>
      )}
    </>
  );
}
