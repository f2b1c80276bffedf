/**
 * Contentstack's button (venus-components) as the full-page locations use it. venus labels every button
 * "aria-button" unless told otherwise, so this wrapper always names it: by its visible text, or by a name that
 * starts with that text (WCAG 2.5.3). Only the experiences page and the configuration screen import it; the entry
 * sidebar does not load venus before it is interactive (see app-ui/README.md, "Measured").
 */
import { Button } from '@contentstack/venus-components';

export function CsButton(props: {
  children: string;
  /** Defaults to the visible text; must start with it. */
  name?: string;
  kind?: 'primary' | 'secondary' | 'tertiary' | 'destructive';
  onClick: () => void;
  disabled?: boolean;
  expanded?: boolean;
  controls?: string;
}) {
  return (
    <Button
      buttonType={props.kind ?? 'secondary'}
      size="small"
      type="button"
      aria-label={props.name ?? props.children}
      disabled={props.disabled === true}
      onClick={props.onClick}
      {...(props.expanded === undefined ? {} : { 'aria-expanded': props.expanded })}
      {...(props.controls === undefined ? {} : { 'aria-controls': props.controls })}
    >
      {props.children}
    </Button>
  );
}
