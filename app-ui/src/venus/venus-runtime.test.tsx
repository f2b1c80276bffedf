/**
 * venus-components' type declarations name far more components than its runtime build exports: a name that
 * type-checks can be `undefined` at runtime. Every venus name the app imports is rendered here, in jsdom, through
 * the app's own wrappers where it has one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as venus from '@contentstack/venus-components';
import { describe, expect, it } from 'vitest';
import { confirmInModal } from './confirm-modal';
import { DataTable } from './data-table';
import { NameWithTooltip } from './name-tooltip';
import { FailureNotice, Notice } from './notice';
import { notify } from './notify';
import { StateTag } from './state-tag';
import { bodyCellTexts } from '../test-support/table-cells';

const SRC = join(import.meta.dirname, '..');

/** Every name app-ui/src imports from '@contentstack/venus-components', read from the sources themselves. */
function importedNames(): string[] {
  const names = new Set<string>();
  for (const file of readdirSync(SRC, { recursive: true, encoding: 'utf8' })) {
    if (!/\.tsx?$/.test(file) || file.endsWith('.test.tsx')) continue;
    const source = readFileSync(join(SRC, file), 'utf8');
    for (const match of source.matchAll(/import \{([^}]*)\} from '@contentstack\/venus-components'/g)) {
      for (const name of (match[1] ?? '').split(',')) if (name.trim() !== '') names.add(name.trim());
    }
  }
  return [...names].sort();
}

describe('venus-components at runtime', () => {
  it('exports every name the app imports', () => {
    const imported = importedNames();
    // The screens import venus for buttons, text fields, selects, checkboxes, modals, tooltips, empty states,
    // tables, tags, toasts and notices.
    expect(imported).toEqual(
      expect.arrayContaining([
        'Button',
        'Checkbox',
        'EmptyState',
        'Info',
        'Notification',
        'OutlineTag',
        'Select',
        'Table',
        'TextInput',
        'Textarea',
        'Tooltip',
        'cbModal',
      ]),
    );
    const exported = venus as unknown as Record<string, unknown>;
    expect(imported.filter((name) => exported[name] === undefined)).toEqual([]);
  });

  it('asks in a modal alert dialog and answers true on confirm, false on Cancel and on Escape', async () => {
    const user = userEvent.setup();
    const question = { title: 'Unlink promo?', message: 'The group stays.', confirmLabel: 'Unlink' };

    const confirmed = confirmInModal(question);
    const dialog = await screen.findByRole('alertdialog', { name: 'Unlink promo?' });
    expect(dialog.getAttribute('aria-describedby')).not.toBeNull();
    await user.click(screen.getByRole('button', { name: 'Unlink' }));
    await expect(confirmed).resolves.toBe(true);

    const cancelled = confirmInModal(question);
    await user.click(await screen.findByRole('button', { name: 'Cancel' }));
    await expect(cancelled).resolves.toBe(false);

    const escaped = confirmInModal(question);
    await screen.findByRole('alertdialog', { name: 'Unlink promo?' });
    await user.keyboard('{Escape}');
    await expect(escaped).resolves.toBe(false);
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
  });

  it('shows a cut name whole in a tooltip on hover', async () => {
    const user = userEvent.setup();
    render(<NameWithTooltip name="Autumn outerwear launch for returning loyalty members" />);
    const name = screen.getByText('Autumn outerwear launch for returning loyalty members');
    expect(name.dataset['fullName']).toBe('Autumn outerwear launch for returning loyalty members');
    await user.hover(name);
    await waitFor(() =>
      expect(screen.getAllByText('Autumn outerwear launch for returning loyalty members')).toHaveLength(2),
    );
  });

  it('draws a table named by its caption, with column headers and a row per item', async () => {
    render(
      <DataTable
        caption="Jobs per queue"
        columns={[
          { id: 'queue', header: 'Queue', cell: (row: { queue: string; waiting: number }) => row.queue },
          { id: 'waiting', header: 'Waiting', numeric: true, cell: (row) => row.waiting },
        ]}
        rows={[
          { queue: 'Mirror', waiting: 2 },
          { queue: 'Sweep', waiting: 0 },
        ]}
        rowKey={(row) => row.queue}
        rowName={{ singular: 'queue', plural: 'queues' }}
      />,
    );
    const table = await screen.findByRole('table', { name: 'Jobs per queue' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Queue', 'Waiting']);
    expect(bodyCellTexts(table)).toEqual([
      ['Mirror', '2'],
      ['Sweep', '0'],
    ]);
  });

  it('shows an outcome as a toast that is announced as an alert', async () => {
    notify('error', 'Not queued: Homepage hero', 'the queue is not reachable');
    const title = await screen.findByText('Not queued: Homepage hero');
    expect(title.closest('[role="alert"]')?.textContent).toContain('the queue is not reachable');
  });

  it('draws statuses as venus tags and notices in its info box, failures as alerts with a retry', async () => {
    const user = userEvent.setup();
    let retried = 0;
    render(
      <>
        <StateTag label="sync overdue" tone="error" />
        <Notice tone="warning">Few conversions</Notice>
        <FailureNotice title="Could not load" reason="server-down" onRetry={() => (retried += 1)} />
      </>,
    );
    expect(screen.getByText('sync overdue').className).toBe('OutlineTag pb-tag pb-tag-error');
    expect(screen.getByText('Few conversions').closest('.Info')).not.toBeNull();
    const failure = screen.getByText('Could not load').closest<HTMLElement>('[role="alert"]');
    expect(failure?.textContent).toContain('server-down');
    await user.click(within(failure ?? document.body).getByRole('button', { name: 'Retry' }));
    expect(retried).toBe(1);
  });
});
