/**
 * The sidebar's confirmations are venus' modal, as on the full pages. venus' JavaScript is one 3.9 MB module that
 * tree-shaking cannot cut (about 1 s to evaluate on these machines), so the sidebar fetches it on the first
 * confirmation (or with the editor), never before it is interactive; venus' stylesheet comes with the sidebar
 * (sidebar.tsx), so nothing restyles when the code arrives. While it arrives, `opening` is true so the caller can
 * show a calm hint (ui/venus-look.tsx's OpeningHint). A failed fetch is answered like Cancel, with the reason for
 * the caller to show.
 */
import { useCallback, useState } from 'react';
import type { Confirmation, confirmInModal } from '../venus/confirm-modal';

export type Answer = { confirmed: boolean; problem: string | null };

export function useConfirmation(): { ask: (question: Confirmation) => Promise<Answer>; opening: boolean } {
  const [opening, setOpening] = useState(false);
  const ask = useCallback(async (question: Confirmation): Promise<Answer> => {
    setOpening(true);
    let confirm: typeof confirmInModal;
    try {
      confirm = (await import('../venus/confirm-modal')).confirmInModal;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { confirmed: false, problem: `The confirmation could not be opened: ${reason}` };
    } finally {
      setOpening(false);
    }
    return { confirmed: await confirm(question, 'tiny'), problem: null };
  }, []);
  return { ask, opening };
}
