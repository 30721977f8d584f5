import { createElement as h, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { I18nProvider } from '../../renderer/src/i18n/context';
import type { Lang } from '../../renderer/src/i18n/lang';
import { Store } from '../../renderer/src/state/store';
import { DetailPane, PaneFacts, PanePrompt, PaneSection } from '../../renderer/src/ui/list/DetailPane';
import { isListKey, keepSelection, listTarget, pageRows } from '../../renderer/src/ui/list/keyboardList';
import { List, ListOption, type RowProps, rowRenderer } from '../../renderer/src/ui/list/List';
import { ListPage, listStatus, namedPage } from '../../renderer/src/ui/list/ListPage';
import { ListRow } from '../../renderer/src/ui/list/ListRow';
import { Segmented } from '../../renderer/src/ui/list/Segmented';
import { TwoLines } from '../../renderer/src/ui/list/TwoLines';
import { type KeyboardList, useKeyboardList } from '../../renderer/src/ui/list/useKeyboardList';
import { listViewKey } from '../../renderer/src/ui/list/useViewKeys';
import { el, expectParts } from '../helpers/element';

describe('the keyboard list keys', () => {
  it('move one row, a page, or to either end, and stay inside the list', () => {
    expect(listTarget('ArrowDown', 3, 10, 5)).toBe(4);
    expect(listTarget('ArrowUp', 3, 10, 5)).toBe(2);
    expect(listTarget('PageDown', 3, 10, 5)).toBe(8);
    expect(listTarget('PageUp', 3, 10, 5)).toBe(0);
    expect(listTarget('Home', 7, 10, 5)).toBe(0);
    expect(listTarget('End', 0, 10, 5)).toBe(9);
    expect(listTarget('ArrowDown', 9, 10, 5)).toBe(9);
    expect(listTarget('PageDown', 8, 10, 5)).toBe(9);
    expect(listTarget('ArrowUp', 0, 10, 5)).toBe(0);
  });

  it('start from the first row when nothing is selected, and do nothing in an empty list', () => {
    expect(listTarget('ArrowDown', -1, 4, 5)).toBe(1);
    expect(listTarget('ArrowUp', -1, 4, 5)).toBe(0);
    expect(listTarget('End', -1, 0, 5)).toBeNull();
  });

  it('are the arrows, the page keys, Home and End; letters belong to the view', () => {
    for (const key of ['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp', 'Home', 'End'])
      expect(isListKey(key)).toBe(true);
    for (const key of ['a', 'Enter', ' ', 'ArrowLeft', 'Escape']) expect(isListKey(key)).toBe(false);
  });

  it('go to the list first in a list view; the view gets the rest and says which it took', () => {
    const moved: string[] = [];
    const viewGot: string[] = [];
    const list = { onListKey: (key: string) => moved.push(key) };
    const onKey = (key: string) => {
      viewGot.push(key);
      return key === 'd';
    };
    expect(listViewKey('ArrowDown', list, onKey)).toBe(true);
    expect(listViewKey('d', list, onKey)).toBe(true);
    expect(listViewKey('q', list, onKey)).toBe(false);
    expect(moved).toEqual(['ArrowDown']);
    expect(viewGot).toEqual(['d', 'q']);
  });

  it('jump a page of one row fewer than fit, at least one', () => {
    expect(pageRows(1000, 50)).toBe(19);
    expect(pageRows(60, 50)).toBe(1);
    expect(pageRows(0, 50)).toBe(1);
  });
});

describe('the selection when the list changes', () => {
  it('follows its row wherever it moved', () => {
    expect(keepSelection(['a', 'b', 'c'], 'c', 0)).toBe(2);
    expect(keepSelection(['c', 'a', 'b'], 'c', 2)).toBe(0);
  });

  it('stays at its place when its row left, or goes to the last row', () => {
    expect(keepSelection(['a', 'c'], 'b', 1)).toBe(1);
    expect(keepSelection(['a'], 'b', 5)).toBe(0);
    expect(keepSelection(['a', 'b'], null, 1)).toBe(1);
  });

  it('is nowhere in an empty list', () => {
    expect(keepSelection([], 'b', 1)).toBe(-1);
  });
});

/** Renders what a view renders with the hook's list, once, as the server would. */
function withList(
  keys: readonly string[],
  virtual: boolean,
  render: (list: KeyboardList) => ReactNode,
): string {
  function View() {
    const list = useKeyboardList({ keys, active: true, rowHeight: 50, virtual, rowId: (i) => `row-${i}` });
    return h('div', null, render(list));
  }
  return renderToStaticMarkup(h(View));
}

describe('the List', () => {
  it('is a focusable listbox that names its selected row', () => {
    const html = withList(['x', 'y'], false, (list) =>
      h(
        List,
        { list, label: 'Work orders', testId: 'wo-list' },
        ['x', 'y'].map((key, i) =>
          h(ListOption, { key, id: `row-${i}`, selected: i === list.selectedIndex, onPick: () => {} }, key),
        ),
      ),
    );
    expectParts(html, [
      'role="listbox"',
      'tabindex="0"',
      'aria-label="Work orders"',
      'aria-activedescendant="row-0"',
      '<div role="option" aria-selected="true" class="listbox__option" id="row-0">x</div>',
      'aria-selected="false"',
    ]);
  });

  it('names no row when it is empty, and says why', () => {
    const html = withList([], true, (list) =>
      h(List, { list, label: 'Alarms', testId: 'alarm-list', status: 'Nothing open', renderRow: () => null }),
    );
    expect(html).not.toContain('aria-activedescendant');
    expect(html).toContain('Nothing open');
    expect(html).toContain('class="listbox__spacer"');
  });

  it('draws a row of an array with its slot and the shared props, and nothing past the end', () => {
    const pick = () => {};
    const Row = ({ row, selected, style, index, onPick, suffix }: RowProps<string> & { suffix: string }) =>
      h(ListOption, { id: row, selected, style, onPick: () => onPick(index) }, `${row}${suffix}`);
    const render = rowRenderer({ selectedIndex: 1, pick, keys: ['ka', 'kb'] }, ['a', 'b'], Row, {
      suffix: '!',
    });
    const style = { height: 50 };
    expect(renderToStaticMarkup(h('div', null, render(1, style)))).toBe(
      '<div><div role="option" aria-selected="true" class="listbox__option" id="b" style="height:50px">b!</div></div>',
    );
    expect(renderToStaticMarkup(h('div', null, render(0, style)))).toContain('aria-selected="false"');
    expect(render(2, style)).toBeNull();
    const seen: unknown[] = [];
    const Spy = (props: RowProps<string> & { suffix: string }) => {
      seen.push(props);
      return null;
    };
    const element = rowRenderer({ selectedIndex: 0, pick, keys: ['ka'] }, ['a'], Spy, { suffix: '?' })(
      0,
      style,
    );
    expect((element as { key: string }).key).toBe('ka');
    renderToStaticMarkup(h('div', null, element));
    expect(seen).toEqual([{ row: 'a', index: 0, selected: true, style, onPick: pick, suffix: '?' }]);
  });

  it('says loading until loaded, then the empty words only when there are no rows', () => {
    expect(listStatus(false, 0, 'Loading', 'None')).toBe('Loading');
    expect(listStatus(false, 3, 'Loading', 'None')).toBe('Loading');
    expect(listStatus(true, 0, 'Loading', 'None')).toBe('None');
    expect(listStatus(true, 3, 'Loading', 'None')).toBeNull();
  });

  it('passes data attributes and its classes to an option', () => {
    const html = renderToStaticMarkup(
      h(ListOption, {
        id: 'o',
        selected: false,
        className: 'worow',
        'data-wo-id': 'WO-1',
        onPick: () => {},
      } as never),
    );
    expect(html).toContain('class="listbox__option worow"');
    expect(html).toContain('data-wo-id="WO-1"');
  });
});

/** The page's words are message keys: it is drawn in English. */
function inEnglish(node: ReactNode): ReactNode {
  return el(I18nProvider, { store: new Store<Lang>('en') }, node);
}

describe('the ListPage', () => {
  const page = namedPage('app', 'aprow', ['wo.col.id', 'app.col.kind']);

  it('follows its name: words from <name>.title and .keys, test ids <name>-list, -row and -notice', () => {
    expect(page).toEqual({
      label: 'app.title',
      testId: 'app-list',
      rowClass: 'aprow',
      rowTestId: 'app-row',
      columns: ['wo.col.id', 'app.col.kind'],
      keys: 'app.keys',
      noticeTestId: 'app-notice',
    });
  });

  it('heads the columns in words, holds the list and says the keys and the last notice', () => {
    const html = withList(['a'], false, (list) =>
      inEnglish(
        h(ListPage, { page, view: { list, status: null, notice: { tone: 'bad', text: 'Refused' } } }),
      ),
    );
    expectParts(html, [
      'class="listrow listpage__head aprow aprow--head" aria-hidden="true"',
      '<span>ID</span><span>Kind</span>',
      'aria-label="Outage, resume and decommission applications, exemptions"',
      'data-testid="app-list"',
      '↑↓ select · N new',
      'role="status" data-testid="app-notice">Refused</span>',
      'listpage__notice--bad',
    ]);
  });

  it('gives its rows their id, selection, class and test id from the page; a row may add to them', () => {
    const html = withList(['a', 'b'], false, (list) =>
      inEnglish(
        h(
          ListPage,
          { page, view: { list, status: null, notice: null } },
          h(ListRow, { key: 'a', index: 0, 'data-app-id': 'a' } as never, 'first'),
          h(ListRow, { key: 'b', index: 1, className: 'aprow--late', 'data-testid': 'late-row' } as never),
        ),
      ),
    );
    expectParts(html, [
      '<div role="option" aria-selected="true" class="listbox__option listrow aprow" id="row-0" data-testid="app-row" data-app-id="a">first</div>',
      '<div role="option" aria-selected="false" class="listbox__option listrow aprow aprow--late" id="row-1" data-testid="late-row">',
    ]);
  });

  it('has no rows outside a page', () => {
    expect(() => renderToStaticMarkup(h(ListRow, { index: 0 }))).toThrow('ListRow outside a ListPage');
  });
});

describe('the list parts', () => {
  it('DetailPane is an aside named by its heading', () => {
    const html = renderToStaticMarkup(
      h(
        DetailPane,
        { titleId: 't', title: 'WO-1', aside: 'Open', testId: 'wo-detail', className: 'wodetail' },
        'body',
      ),
    );
    expect(html).toMatch(/^<aside class="detailpane wodetail" data-testid="wo-detail" aria-labelledby="t">/);
    expect(html).toContain('<h2 id="t">WO-1</h2>Open');
  });

  it('DetailPane puts a record’s id as code before its title; PaneFacts holds its facts', () => {
    const html = renderToStaticMarkup(
      h(
        DetailPane,
        {
          titleId: 't',
          recordId: 'WO-0001',
          title: '充电桩过温',
          aside: null,
          testId: 'wo',
          className: 'wo',
        },
        h(PaneFacts, null, 'facts'),
      ),
    );
    expect(html).toContain('<h2 id="t"><code>WO-0001</code> 充电桩过温</h2>');
    expect(html).toContain('<dl class="facts detailpane__facts">facts</dl>');
  });

  it('PaneSection heads its part and says when it is empty; PanePrompt alerts what is owed', () => {
    expect(renderToStaticMarkup(h(PaneSection, { title: 'Clocks', empty: 'No clocks.' }, 'list'))).toBe(
      '<section class="detailpane__section"><h3>Clocks</h3><p class="hint">No clocks.</p></section>',
    );
    expect(renderToStaticMarkup(h(PaneSection, { title: 'Clocks', empty: false }, 'list'))).toContain(
      '</h3>list',
    );
    expect(renderToStaticMarkup(h(PanePrompt, { text: 'Apply for an outage' }))).toBe(
      '<div class="detailpane__prompt" role="alert"><span>▲ Apply for an outage</span></div>',
    );
  });

  it('TwoLines puts the second line under the first and the whole text in the title', () => {
    expect(renderToStaticMarkup(h(TwoLines, { lines: ['Station', 'DC1'] }))).toBe(
      '<span class="cell2" title="Station · DC1"><span>Station</span><span class="cell2__sub">DC1</span></span>',
    );
    expect(renderToStaticMarkup(h(TwoLines, { lines: ['Only'] }))).not.toContain('cell2__sub');
  });

  it('Segmented presses the chosen chip and names its group', () => {
    const html = renderToStaticMarkup(
      h(Segmented<'open' | 'all'>, {
        label: 'Filter',
        options: ['open', 'all'],
        value: 'all',
        word: (o) => o.toUpperCase(),
        attrs: (o) => ({ 'data-testid': `f-${o}` }),
        onChange: () => {},
      }),
    );
    expect(html).toContain('<legend class="visually-hidden">Filter</legend>');
    expect(html).toContain('aria-pressed="false" data-testid="f-open">OPEN</button>');
    expect(html).toContain('aria-pressed="true" data-testid="f-all">ALL</button>');
  });
});
