import type { ReactNode } from 'react';
import '../kit.css';

/** A line under the list saying what the last action did, or why it was refused. */
export type Notice = { tone: 'ok' | 'bad'; text: string };

type Props = {
  /** The column header row: its class (the rows' grid) and its words. */
  head: { className: string; columns: readonly string[] };
  list: ReactNode;
  /** The view's keys, said in the footer. */
  keys: string;
  notice: Notice | null;
  noticeTestId: string;
  /** The detail pane is open: the rows drop their last columns. */
  narrow?: boolean;
  /** The pane beside the list (the selected row's detail). */
  detail?: ReactNode;
};

/** The body of a list view: column heads, the list, the footer with keys and notice, the detail beside. */
export function ListPage({ head, list, keys, notice, noticeTestId, narrow = false, detail }: Props) {
  return (
    <div className="listpage">
      <div className={narrow ? 'listpage__main listpage__main--narrow' : 'listpage__main'}>
        <div className={head.className} aria-hidden="true">
          {head.columns.map((column) => (
            <span key={column}>{column}</span>
          ))}
        </div>
        {list}
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
