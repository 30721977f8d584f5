import type { ReactNode } from 'react';
import './report.css';

export type Column<T> = {
  /** Unique within the table; React's key for the column's cells. */
  id: string;
  /** The column's heading; a table none of whose columns has one has no header row. */
  head?: ReactNode;
  /** The heading's tooltip, for a column whose short name needs explaining. */
  title?: string;
  /** A figure: right-aligned and never wrapped, so digits line up down the column. */
  num?: boolean;
  /** The cell names its row (a `th` of the row). */
  rowHead?: boolean;
  /** A further class of the cells, such as rp-muted for a quiet column or rp-id for ids. */
  className?: string;
  /** A test id on each cell of the column. */
  testId?: string;
  cell(row: T): ReactNode;
};

type ColumnOptions = Pick<Column<unknown>, 'title' | 'rowHead' | 'className' | 'testId'>;

/** Column makers that fit on a line: the id, the heading, what a row shows, and any options. */
function columnMaker(num: boolean) {
  return <T,>(
    id: string,
    head: ReactNode,
    cell: (row: T) => ReactNode,
    options: ColumnOptions = {},
  ): Column<T> => ({
    id,
    head,
    cell,
    num,
    ...options,
  });
}

/** A column of words (names, states, times). */
export const textColumn = columnMaker(false);

/** A column of figures: right-aligned, so digits line up. */
export const numColumn = columnMaker(true);

export type DataTableProps<T> = {
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey(row: T): string;
  /** A class per row, such as rp-row--abnormal for a row that misses its target. */
  rowClass?(row: T): string | undefined;
  rowTitle?(row: T): string | undefined;
  rowTestId?(row: T): string | undefined;
  testId?: string;
  /** The table's class; the report table unless the view has its own look (the wallboard's). */
  className?: string;
  /** As wide as its content rather than the panel: a short list of figures. */
  narrow?: boolean;
  /** Scrolls inside a box of a fixed height, its header kept in view; tall for long logs. */
  scroll?: 'normal' | 'tall';
  /** A totals row under the rows. */
  foot?: ReactNode;
  /** Said under the table when it has no rows. */
  empty?: string;
};

/** A table of records, one row each, its columns said once. Grey; a row turns red only by its class. */
export function DataTable<T>({
  rows,
  columns,
  rowKey,
  rowClass,
  rowTitle,
  rowTestId,
  testId,
  className = 'rp-table',
  narrow = false,
  scroll,
  foot,
  empty,
}: DataTableProps<T>) {
  const headed = columns.some((c) => c.head !== undefined);
  const table = (
    <table className={narrow ? `${className} rp-table--narrow` : className} data-testid={testId}>
      {headed && (
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.id} className={c.num ? 'num' : undefined} title={c.title}>
                {c.head}
              </th>
            ))}
          </tr>
        </thead>
      )}
      <tbody>
        {rows.map((row) => (
          <tr
            key={rowKey(row)}
            className={rowClass?.(row)}
            title={rowTitle?.(row)}
            data-testid={rowTestId?.(row)}
          >
            {columns.map((c) => {
              const Cell = c.rowHead ? 'th' : 'td';
              return (
                <Cell key={c.id} className={cellClass(c)} data-testid={c.testId}>
                  {c.cell(row)}
                </Cell>
              );
            })}
          </tr>
        ))}
      </tbody>
      {foot && <tfoot>{foot}</tfoot>}
    </table>
  );
  return (
    <>
      {scroll ? (
        <div className={scroll === 'tall' ? 'rp-scroll rp-scroll--tall' : 'rp-scroll'}>{table}</div>
      ) : (
        table
      )}
      {empty !== undefined && rows.length === 0 && <p className="rp-muted">{empty}</p>}
    </>
  );
}

function cellClass({ num, className }: Column<unknown>): string | undefined {
  if (num && className) return `num ${className}`;
  return num ? 'num' : className;
}

export type Pair = { id: string; label: ReactNode; value: ReactNode; title?: string };

/** A short list of named figures: the name as the row's heading, the figure right-aligned beside it. */
export function PairTable({ pairs, testId }: { pairs: readonly Pair[]; testId?: string }) {
  return (
    <DataTable
      narrow
      testId={testId}
      rows={pairs}
      rowKey={pairKey}
      rowTitle={pairTitle}
      columns={PAIR_COLUMNS}
    />
  );
}

const PAIR_COLUMNS: readonly Column<Pair>[] = [
  { id: 'label', rowHead: true, cell: (p) => p.label },
  { id: 'value', num: true, cell: (p) => p.value },
];

function pairKey(pair: Pair): string {
  return pair.id;
}

function pairTitle(pair: Pair): string | undefined {
  return pair.title;
}
