/**
 * The sidebar's light buttons and loading dots must look exactly like venus' own: same markup, same class names.
 * Rendering venus' components here (jsdom) pins that, so a venus upgrade that renames its classes fails this test
 * instead of quietly unstyling the sidebar.
 */
import { render } from '@testing-library/react';
import { AsyncLoader, Button } from '@contentstack/venus-components';
import { describe, expect, it } from 'vitest';
import { LightButton, OpeningHint } from './venus-look';
import type { VenusButtonKind } from './venus-look';

/** The element tree as tag + classes, without venus' test ids: what the stylesheet sees. */
function shape(element: Element): string {
  const classes = [...element.classList].join('.');
  const children = [...element.children].map(shape).join(',');
  return `${element.tagName.toLowerCase()}${classes === '' ? '' : `.${classes}`}${children === '' ? '' : `(${children})`}`;
}

describe('venus look without venus code', () => {
  it.each<[VenusButtonKind, boolean]>([
    ['primary', false],
    ['secondary', false],
    ['tertiary', false],
    ['destructive', false],
    ['secondary', true],
  ])('a %s button (disabled: %s) has venus Button’s markup and classes', (kind, disabled) => {
    const venus = render(
      <Button buttonType={kind} size="small" disabled={disabled} aria-label="Edit Gold">
        Edit Gold
      </Button>,
    );
    const ours = render(
      <LightButton kind={kind} disabled={disabled} onClick={() => undefined}>
        Edit Gold
      </LightButton>,
    );
    const venusButton = venus.container.querySelector('button');
    const ourButton = ours.container.querySelector('button');
    if (!venusButton || !ourButton) throw new Error('no button rendered');
    expect(shape(ourButton)).toBe(shape(venusButton));
    expect(ourButton.textContent).toBe(venusButton.textContent);
    expect(ourButton.disabled).toBe(disabled);
  });

  it('the opening hint shows venus AsyncLoader’s dots beside its words, as a polite status', () => {
    const venus = render(<AsyncLoader />);
    const ours = render(<OpeningHint label="Opening the editor…" />);
    const venusLoader = venus.container.firstElementChild;
    const ourLoader = ours.container.querySelector('.AsyncLoader');
    if (!venusLoader || !ourLoader) throw new Error('no loader rendered');
    expect(shape(ourLoader)).toBe(shape(venusLoader));
    const status = ours.getByRole('status');
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(status.textContent).toBe('Opening the editor…');
  });
});
