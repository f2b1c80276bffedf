/**
 * venus' look without venus' JavaScript, for what the entry sidebar paints first. venus ships as one 3.9 MB module
 * (about 1.3 s to load and evaluate on these machines), which would miss the sidebar's 1.0 s budget on its own;
 * its stylesheet (main.css) is already on the page. So these components write the exact markup and class names
 * venus' own components render (read from `Button` and `AsyncLoader` rendered in jsdom, venus-components 3.0.4,
 * and pinned by venus-look.test.tsx): the cards look identical to venus' buttons, and nothing restyles when the
 * editor's venus chunk arrives.
 */
import type { ReactNode } from 'react';

export type VenusButtonKind = 'primary' | 'secondary' | 'tertiary' | 'destructive';

/** venus' `<Button size="small">`: `Button Button--<kind> [Button--state-disabled] Button--size-small`. */
export function venusButtonClass(kind: VenusButtonKind, disabled: boolean): string {
  return ['Button', `Button--${kind}`, ...(disabled ? ['Button--state-disabled'] : []), 'Button--size-small'].join(' ');
}

export function LightButton(props: {
  children: ReactNode;
  kind?: VenusButtonKind;
  /** An accessible name when the visible text alone is ambiguous; must start with the visible text (WCAG 2.5.3). */
  name?: string;
  disabled?: boolean;
  onClick: () => void;
  /** Lets a card start fetching what the button opens when the author points at it or tabs to it. */
  onIntent?: () => void;
}) {
  const disabled = props.disabled === true;
  return (
    <button
      type="button"
      className={venusButtonClass(props.kind ?? 'secondary', disabled)}
      disabled={disabled}
      {...(props.name === undefined ? {} : { 'aria-label': props.name })}
      onClick={props.onClick}
      {...(props.onIntent === undefined ? {} : { onPointerEnter: props.onIntent, onFocus: props.onIntent })}
    >
      <div className="flex-center">
        <div className="flex-v-center Button__visible">{props.children}</div>
      </div>
    </button>
  );
}

/**
 * A calm wait while code arrives (the editor's chunk, venus' modal): venus' three-dot `AsyncLoader` beside the
 * words, announced once as a polite status. No `aria-busy` on it: screen readers hold a busy live region's news
 * until it is no longer busy, and this one is gone by then.
 */
export function OpeningHint(props: { label: string }) {
  return (
    <div className="pb-opening" role="status" aria-live="polite">
      <div className="AsyncLoader" aria-hidden="true">
        <div className="AsyncLoader--dot" />
        <div className="AsyncLoader--dot" />
        <div className="AsyncLoader--dot" />
      </div>
      <span>{props.label}</span>
    </div>
  );
}
