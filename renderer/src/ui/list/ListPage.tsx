import { type CSSProperties, type ReactNode, useMemo, useState } from 'react';
import { useI18n } from '../../i18n/context';
import type { MessageKey } from '../../i18n/messages';
import { List } from './List';
import { PageRowsContext } from './ListRow';
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

/** What a list page says and wears that never changes: its words as message keys, its classes and test ids. */
export type ListPageSpec = {
  /** Names the listbox. */
  label: MessageKey;
  testId: string;
  /** The rows' class: it sets their column grid, and `<rowClass>--head` the header row's. */
  rowClass: string;
  /** The data-testid of every ListRow of the page. */
  rowTestId?: string;
  /** The column heads. */
  columns: readonly MessageKey[];
  /** The view's keys, said in the footer. */
  keys: MessageKey;
  noticeTestId: string;
};

/** The message-key prefixes that name a list page: those with both a `.title` and a `.keys` (wo, app, warn...). */
type PageName = {
  [K in MessageKey]: K extends `${infer P}.title` ? (`${P}.keys` extends MessageKey ? P : never) : never;
}[MessageKey];

/**
 * The spec of a list page that follows its name, as the work orders',
 * applications' and warnings' do: its words are `<name>.title` and
 * `<name>.keys`, its test ids `<name>-list`, `<name>-row` and `<name>-notice`.
 */
export function namedPage(name: PageName, rowClass: string, columns: readonly MessageKey[]): ListPageSpec {
  return {
    label: `${name}.title`,
    testId: `${name}-list`,
    rowClass,
    rowTestId: `${name}-row`,
    columns,
    keys: `${name}.keys`,
    noticeTestId: `${name}-notice`,
  };
}

/** What a list page shows of its view's state. */
export type ListPageView = {
  list: KeyboardList;
  /** Words instead of rows, while loading or when nothing is there. */
  status: string | null;
  notice: Notice | null;
};

type Props = {
  page: ListPageSpec;
  view: ListPageView;
  /** The detail pane is open: the rows drop their last columns. */
  narrow?: boolean;
  /** The pane beside the list (the selected row's detail). */
  detail?: ReactNode;
  /** A virtual list's row at an index (see List). */
  renderRow?(index: number, style: CSSProperties): ReactNode;
  /** A list rendered whole gives its rows (ListRow) as children. */
  children?: ReactNode;
};

/** A list view's body: column heads, the keyboard list, the footer with keys and notice, the detail beside. */
export function ListPage({ page, view, narrow = false, detail, renderRow, children }: Props) {
  const { t } = useI18n();
  const { list, status, notice } = view;
  const { rowClass } = page;
  return (
    <div className="listpage">
      <div className={narrow ? 'listpage__main listpage__main--narrow' : 'listpage__main'}>
        <div className={`listrow listpage__head ${rowClass} ${rowClass}--head`} aria-hidden="true">
          {page.columns.map((column) => (
            <span key={column}>{t(column)}</span>
          ))}
        </div>
        <PageRowsContext.Provider value={{ list, rowClass, rowTestId: page.rowTestId }}>
          <List
            list={list}
            label={t(page.label)}
            testId={page.testId}
            status={status !== null && <p className="wall__empty">{status}</p>}
            renderRow={renderRow}
          >
            {children}
          </List>
        </PageRowsContext.Provider>
        <footer className="listpage__foot">
          <span className="hint">{t(page.keys)}</span>
          {notice && (
            <span
              className={`listpage__notice listpage__notice--${notice.tone}`}
              role="status"
              data-testid={page.noticeTestId}
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
