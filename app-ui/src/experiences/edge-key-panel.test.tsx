import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeBridge } from '../test-support/fake-bridge';
import { fakeCma } from '../test-support/fake-cma';
import { fakeSdk } from '../test-support/fake-sdk';
import { renderLocation } from '../test-support/render';
import { EdgeKeyPanel, maskEdgeKey } from './edge-key-panel';

const FIRST = 'pbe_firstKeyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1111';
const SECOND = 'pbe_secondKeyBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB2222';

function setup() {
  const bridge = fakeBridge({ edgeKeys: [FIRST, SECOND] });
  renderLocation(<EdgeKeyPanel />, {
    sdk: fakeSdk({ location: 'full_page' }),
    cma: fakeCma({ groups: [], base: {} }),
    bridge,
  });
  return bridge;
}

/** venus' toast whose title is `title`: an ARIA alert, announced without moving focus. */
async function toast(title: string): Promise<HTMLElement> {
  const alert = (await screen.findByText(title)).closest<HTMLElement>('[role="alert"]');
  if (alert === null) throw new Error(`"${title}" is not inside an alert`);
  return alert;
}

describe('EdgeKeyPanel', () => {
  it('shows the key masked and copies the whole key', async () => {
    const user = userEvent.setup();
    setup();
    const masked = await screen.findByLabelText('Edge key (masked)');
    expect(masked.textContent).toBe('pbe_••••••••1111');
    expect(document.body.textContent).not.toContain(FIRST);
    await user.click(screen.getByRole('button', { name: 'Copy key' }));
    expect(await navigator.clipboard.readText()).toBe(FIRST);
    expect(await toast('Edge key copied')).toBeTruthy();
  });

  it('rotates only after confirmation, then shows the new key', async () => {
    const user = userEvent.setup();
    const bridge = setup();
    await screen.findByLabelText('Edge key (masked)');
    await user.click(screen.getByRole('button', { name: 'Rotate' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Rotate the edge key?' });
    expect(bridge.rotations).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());

    await user.click(screen.getByRole('button', { name: 'Rotate' }));
    const again = await screen.findByRole('alertdialog', { name: 'Rotate the edge key?' });
    await user.click(within(again).getByRole('button', { name: 'Rotate key' }));
    await waitFor(() => expect(screen.getByLabelText('Edge key (masked)').textContent).toBe('pbe_••••••••2222'));
    expect(bridge.rotations).toEqual([SECOND]);
    expect((await toast('Edge key rotated')).textContent).toContain('The old key no longer works');
  });

  it('masks short keys entirely', () => {
    expect(maskEdgeKey('short')).toBe('••••');
  });
});
