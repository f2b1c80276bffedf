import { within } from '@testing-library/react';

/** The text of each body row's cells (the header row skipped), as a reader of the table sees them. */
export function bodyCellTexts(table: HTMLElement): (string | null)[][] {
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) =>
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    );
}
