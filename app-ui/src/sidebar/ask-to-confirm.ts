/**
 * The sidebar's confirmations are venus' modal, as on the full pages. venus' JavaScript is one 3.9 MB module that
 * tree-shaking cannot cut (about 1 s to evaluate on these machines), so the sidebar fetches it on the first
 * confirmation, never before it is interactive; venus' stylesheet comes with the sidebar (sidebar.tsx), so nothing
 * restyles when the code arrives. A failed fetch is answered like Cancel, with the reason for the caller to show.
 */
import type { Confirmation } from '../venus/confirm-modal';

export type Answer = { confirmed: boolean; problem: string | null };

export async function askToConfirm(question: Confirmation): Promise<Answer> {
  try {
    const { confirmInModal } = await import('../venus/confirm-modal');
    return { confirmed: await confirmInModal(question, 'tiny'), problem: null };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { confirmed: false, problem: `The confirmation could not be opened: ${reason}` };
  }
}
