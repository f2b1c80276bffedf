/**
 * A confirmation in venus' modal (`cbModal`), for the full-page locations. venus renders the modal in a root of its
 * own, outside the page's React tree, so the question is asked imperatively: `confirmInModal` resolves `true` when
 * the author confirms, `false` on Cancel or Escape. react-modal moves focus into the dialog and back to the button
 * that opened it; the dialog is an `alertdialog` named by its title and described by its message.
 */
import { Button, cbModal, ModalBody, ModalFooter, ModalHeader } from '@contentstack/venus-components';
import type { ComponentType } from 'react';
import './confirm-modal.css';
import { venusFunction } from './venus-function';

/** What we hand venus' `cbModal`, which its declarations type as `any`. */
type OpenModal = (options: {
  component: ComponentType<{ closeModal: (answer?: boolean) => void }>;
  modalProps: Record<string, unknown>;
}) => unknown;

export interface Confirmation {
  title: string;
  message: string;
  confirmLabel: string;
}

let opened = 0;

/** `tiny` (300 px) fits the CMS's entry sidebar; `small` is the full pages' size. */
export function confirmInModal(question: Confirmation, size: 'tiny' | 'small' = 'small'): Promise<boolean> {
  opened += 1;
  const titleId = `pb-confirm-title-${opened}`;
  const messageId = `pb-confirm-message-${opened}`;
  return new Promise((resolve) => {
    // Escape and Cancel close without an answer; only the confirm button closes with `true`.
    const onClose = (answer: unknown) => resolve(answer === true);
    venusFunction<OpenModal>(
      cbModal,
      'cbModal',
    )({
      component: (props: { closeModal: (answer?: boolean) => void }) => (
        <>
          {/* No close icon: venus draws it as an unnamed focusable div; Cancel and Escape close instead. */}
          <ModalHeader className="pb-modal-header" title={<span id={titleId}>{question.title}</span>} />
          <ModalBody>
            <p id={messageId}>{question.message}</p>
          </ModalBody>
          <ModalFooter>
            <div className="pb-modal-actions">
              <Button buttonType="tertiary" aria-label="Cancel" onClick={() => props.closeModal(false)}>
                Cancel
              </Button>
              <Button
                buttonType="destructive"
                aria-label={question.confirmLabel}
                onClick={() => props.closeModal(true)}
              >
                {question.confirmLabel}
              </Button>
            </div>
          </ModalFooter>
        </>
      ),
      modalProps: {
        size,
        shouldCloseOnEscape: true,
        onClose,
        role: 'alertdialog',
        aria: { labelledby: titleId, describedby: messageId },
      },
    });
  });
}
