/**
 * Inline notices on the full-page locations in venus' `Info` box: errors (an alert, with the reason we were given
 * and an optional retry), warnings about numbers (sample ratio mismatch, few conversions) and calm explanations.
 */
import { Info } from '@contentstack/venus-components';
import './notice.css';
import type { ReactNode } from 'react';
import { CsButton } from '../ui/cs-button';

// venus' v2 box (a coloured stripe at the left, as the CMS draws its notices). Its "attention" is red; it has no
// amber of its own, so a warning is its plain box with our amber stripe (experiences.css).
const TYPES = { error: 'attention', warning: 'warning', info: 'light', success: 'success' } as const;

export function Notice(props: {
  tone: 'error' | 'warning' | 'info' | 'success';
  children: ReactNode;
  /** A notice that appears after the page loaded is announced: an error interrupts (`alert`), the rest wait (`status`). */
  live?: 'alert' | 'status';
}) {
  return (
    <div className={`pb-notice pb-notice-${props.tone}`} role={props.live}>
      <Info version="v2" type={TYPES[props.tone]} content={props.children} />
    </div>
  );
}

/** A failed load: its title, the reason we were given, and a way to try again. */
export function FailureNotice(props: { title: string; reason: string; onRetry?: () => void }) {
  return (
    <Notice tone="error" live="alert">
      <strong>{props.title}</strong>
      <span className="pb-notice-reason">{props.reason}</span>
      {props.onRetry && <CsButton onClick={props.onRetry}>Retry</CsButton>}
    </Notice>
  );
}
