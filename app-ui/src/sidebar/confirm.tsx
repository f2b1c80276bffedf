/**
 * An inline confirmation: the sidebar is too narrow for a modal. It takes focus when it opens, Escape cancels,
 * and screen readers announce it as an alert dialog.
 */
import { useEffect, useId, useRef } from 'react';

export function Confirm(props: {
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
}) {
  const titleId = useId();
  const messageId = useId();
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), []);
  return (
    <div
      className="pb-confirm"
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={messageId}
      onKeyDown={(event) => {
        if (event.key === 'Escape') props.onCancel();
      }}
    >
      <strong id={titleId}>{props.title}</strong>
      <p id={messageId}>{props.message}</p>
      <div className="pb-actions">
        <button ref={confirmRef} type="button" className="pb-danger" disabled={props.busy} onClick={props.onConfirm}>
          {props.confirmLabel}
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
