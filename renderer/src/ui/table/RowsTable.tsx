import type { ReactNode } from 'react';
import '../kit.css';

export type Column = { key: string; label: ReactNode; className: string };

export type RowsTableProps<T> = {
  /** The heading's id; the section is named by it. */
  id: string;
  title: ReactNode;
  testId: string;
  rows: readonly T[];
  rowKey(row: T): string | number;
  /** The header cells after the row number. */
  columns: readonly Column[];
  /** The cells of one row after its number, in the order of `columns`. */
  renderCells(row: T, index: number): ReactNode;
  /** Rows can be added and removed. */
  editable: boolean;
  /** The heading is marked (a problem with the table as a whole); `field` names it for the problem list. */
  heading?: { field: string; invalid: boolean };
  rowInvalid(index: number): boolean;
  /** The remove button's accessible name for a row. */
  removeLabel(row: T): string;
  onRemove(index: number): void;
  add: { label: string; testId: string; onAdd(): void };
};

/** A numbered table of rows that can be edited, removed and added, with the count beside its heading. */
export function RowsTable<T>({
  id,
  title,
  testId,
  rows,
  rowKey,
  columns,
  renderCells,
  editable,
  heading,
  rowInvalid,
  removeLabel,
  onRemove,
  add,
}: RowsTableProps<T>) {
  return (
    <section className="rowstable" aria-labelledby={id}>
      <h3 id={id} data-field={heading?.field} data-invalid={heading?.invalid ? 'true' : undefined}>
        {title} <span className="rowstable__count">{rows.length}</span>
      </h3>
      <table className="grid" data-testid={testId}>
        <thead>
          <tr>
            <th className="grid__n">#</th>
            {columns.map((c) => (
              <th key={c.key} className={c.className}>
                {c.label}
              </th>
            ))}
            {editable && <th className="grid__act" />}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={rowKey(row)} data-invalid={rowInvalid(i) ? 'true' : undefined}>
              <td className="grid__n">{i + 1}</td>
              {renderCells(row, i)}
              {editable && (
                <td className="grid__act">
                  <RemoveButton label={removeLabel(row)} onClick={() => onRemove(i)} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {editable && (
        <button type="button" className="button button--add" data-testid={add.testId} onClick={add.onAdd}>
          {add.label}
        </button>
      )}
    </section>
  );
}

function RemoveButton({ label, onClick }: { label: string; onClick(): void }) {
  return (
    <button type="button" className="grid__remove" aria-label={label} title={label} onClick={onClick}>
      ✕
    </button>
  );
}
