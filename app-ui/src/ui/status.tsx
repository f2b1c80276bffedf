/** Loading, empty and error states shared by every location. Errors always show the reason we were given. */
export function Loading(props: { label: string }) {
  return (
    <p className="pb-status" role="status" aria-live="polite">
      {props.label}
    </p>
  );
}

export function Empty(props: { children: React.ReactNode }) {
  return <p className="pb-empty">{props.children}</p>;
}

export function ErrorNotice(props: { title: string; reason: string; onRetry?: () => void }) {
  return (
    <div className="pb-error" role="alert">
      <strong>{props.title}</strong>
      <p>{props.reason}</p>
      {props.onRetry && (
        <button type="button" onClick={props.onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
