/**
 * venus' Table (react-table underneath) for the full-page locations' flat tables: the per-variant results and the
 * queue health. It draws ARIA table roles on divs (table, row, columnheader, cell) but has no caption, no row
 * headers and no way to hand the table a name, so the caption is ours, above it, and names the table through
 * `aria-labelledby`, set after each render (React does not manage that attribute on venus' element). Sorting,
 * paging and the column selector are off: these tables are short and their order means something (control first).
 * Its rows are flat and fixed to its data, with no room for a row that expands: the experiences list, whose rows
 * open their details in place, stays a native table (experiences-page.tsx).
 */
import { Table } from '@contentstack/venus-components';
import './data-table.css';
import { useEffect, useId, useRef } from 'react';
import type { ReactNode } from 'react';

export interface DataColumn<Row> {
  id: string;
  header: string;
  cell: (row: Row) => ReactNode;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  /** Gets a larger share of the width (the first column always does). */
  wide?: boolean;
}

export function DataTable<Row>(props: {
  caption: string;
  columns: DataColumn<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  /** What one row is, for the count venus would show ("3 variants"); our caption replaces its panel. */
  rowName: { singular: string; plural: string };
  className?: string;
}) {
  const captionId = useId();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.querySelector('[role="table"]')?.setAttribute('aria-labelledby', captionId);
  });
  const data = props.rows.map((row) => ({ key: props.rowKey(row), row }));
  const columns = props.columns.map((column) => ({
    Header: column.header,
    accessor: 'key',
    id: column.id,
    disableSortBy: true,
    // venus appends this to its own class name without a space.
    cssClass: `${column.numeric === true ? ' pb-num' : ''}${column.wide === true ? ' pb-wide' : ''}`,
    Cell: (cell: { row: { original: { row: Row } } }) => column.cell(cell.row.original.row),
  }));
  return (
    <div className={`pb-data-table${props.className ? ` ${props.className}` : ''}`} ref={box}>
      <p className="pb-table-caption" id={captionId}>
        {props.caption}
      </p>
      <Table
        columns={columns}
        data={data}
        uniqueKey="key"
        totalCounts={data.length}
        dataType={props.rowName}
        columnSelector={false}
        canPaginate={false}
        initialPageSize={Math.max(data.length, 1)}
      />
    </div>
  );
}
