import { type CSSProperties, type ReactNode, useMemo, useState } from 'react';
import { List } from './List';
import type { KeyboardList } from './useKeyboardList';
import '../kit.css';

/** A line under the list saying what the last action did, or why it was refused. */
export type Notice = { tone: 'ok' | 'bad'; text: string };

/** The view's notice, and what sets it: `ok` for what an action did, `bad` for why it was refused. */
export function useNotice(): [Notice | null, { ok(text: string): void; bad(text: string): void }] {
  const [notice, setNotice] = useState<Notice | null>(null);
  const say = useMemo(
    () => ({
      ok: (text: string) => setNotice({ tone: 'ok', text }),
      bad: (text: string) => setNotice({ tone: 'bad', text }),
    }),
    [],
  );
  return [notice, say];
}

/** A list's words instead of rows: the loading words until it has loaded, then the empty words if it has no rows. */
export function listStatus(loaded: boolean, count: number, loading: string, empty: string): string | null {
  if (!loaded) return loading;
  return count === 0 ? empty : null;
}

type Props = {
  list: KeyboardList;
  /** Names the listbox. */
  label: string;
  testId: string;
  /** The rows' class: it sets their column grid, and `<rowClass>--head` the header row's. */
  rowClass: string;
  /** The column heads' words. */
  columns: readonly string[];
  /** Words instead of rows, while loading or when nothing is there. */
  status: string | null;
  /** The view's keys, said in the footer. */
  keys: string;
  notice: Notice | null;
  noticeTestId: string;
  /** The detail pane is open: the rows drop their last columns. */
  narrow?: boolean;
  /** The pane beside the list (the selected row's detail). */
  detail?: ReactNode;
  /** A virtual list's row at an index (see List). */
  renderRow?(index: number, style: CSSProperties): ReactNode;
  /** A list rendered whole gives its rows as children. */
  children?: ReactNode;
};

/** A list view's body: column heads, the keyboard list, the footer with keys and notice, the detail beside. */
export function ListPage({
  list,
  label,
  testId,
  rowClass,
  columns,
  status,
  keys,
  notice,
  noticeTestId,
  narrow = false,
  detail,
  renderRow,
  children,
}: Props) {
  return (
    <div className="listpage">
      <div className={narrow ? 'listpage__main listpage__main--narrow' : 'listpage__main'}>
        <div className={`listrow listpage__head ${rowClass} ${rowClass}--head`} aria-hidden="true">
          {columns.map((column) => (
            <span key={column}>{column}</span>
          ))}
        </div>
        <List
          list={list}
          label={label}
          testId={testId}
          status={status !== null && <p className="wall__empty">{status}</p>}
          renderRow={renderRow}
        >
          {children}
        </List>
        <footer className="listpage__foot">
          <span className="hint">{keys}</span>
          {notice && (
            <span
              className={`listpage__notice listpage__notice--${notice.tone}`}
              role="status"
              data-testid={noticeTestId}
            >
              {notice.text}
            </span>
          )}
        </footer>
      </div>
      {detail}
    </div>
  );
}
