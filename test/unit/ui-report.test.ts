import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Bars, GroupedBars } from '../../renderer/src/ui/report/BarCharts';
import {
  type Column,
  DataTable,
  numColumn,
  PairTable,
  textColumn,
} from '../../renderer/src/ui/report/DataTable';
import { KpiCell, KpiGrid, Panel } from '../../renderer/src/ui/report/KpiCell';
import { el } from '../helpers/element';

type Row = { id: string; name: string; kwh: number; missed: boolean };

const rows: Row[] = [
  { id: 'a', name: 'Alpha', kwh: 12, missed: false },
  { id: 'b', name: 'Beta', kwh: 3, missed: true },
];

const columns: Column<Row>[] = [
  { id: 'name', head: 'Station', cell: (r) => r.name },
  { id: 'kwh', head: 'kWh', title: 'Energy charged', num: true, testId: 'energy', cell: (r) => r.kwh },
];

describe('DataTable', () => {
  it('says its columns once in the header and gives each row its key, class and test id', () => {
    const html = renderToStaticMarkup(
      h(DataTable<Row>, {
        testId: 'report-x',
        rows,
        columns,
        rowKey: (r) => r.id,
        rowClass: (r) => (r.missed ? 'rp-row--abnormal' : undefined),
        rowTestId: (r) => `row-${r.id}`,
      }),
    );
    expect(html).toBe(
      '<table class="rp-table" data-testid="report-x">' +
        '<thead><tr><th>Station</th><th class="num" title="Energy charged">kWh</th></tr></thead>' +
        '<tbody><tr data-testid="row-a"><td>Alpha</td><td class="num" data-testid="energy">12</td></tr>' +
        '<tr class="rp-row--abnormal" data-testid="row-b"><td>Beta</td><td class="num" data-testid="energy">3</td></tr>' +
        '</tbody></table>',
    );
  });

  it('has no header row when no column has a heading, and names its row with a row header', () => {
    const html = renderToStaticMarkup(
      h(DataTable<Row>, {
        rows,
        rowKey: (r) => r.id,
        columns: [
          { id: 'name', rowHead: true, cell: (r) => r.name },
          { id: 'kwh', num: true, className: 'rp-muted', cell: (r) => r.kwh },
        ],
      }),
    );
    expect(html).not.toContain('<thead>');
    expect(html).toContain('<th>Alpha</th><td class="num rp-muted">12</td>');
  });

  it('scrolls in its box, shows its totals row, and says when it is empty', () => {
    const scrolled = renderToStaticMarkup(
      h(DataTable<Row>, {
        rows: [],
        columns,
        rowKey: (r) => r.id,
        scroll: 'tall',
        empty: 'None',
        foot: h('tr', null, h('th', null, 'Total')),
      }),
    );
    expect(scrolled).toMatch(/^<div class="rp-scroll rp-scroll--tall"><table/);
    expect(scrolled).toContain('<tfoot><tr><th>Total</th></tr></tfoot>');
    expect(scrolled).toMatch(/<\/div><p class="rp-muted">None<\/p>$/);
  });

  it('takes the look of the view it stands in', () => {
    const html = renderToStaticMarkup(
      h(DataTable<Row>, { rows, columns, rowKey: (r) => r.id, className: 'wb-breaches' }),
    );
    expect(html).toMatch(/^<table class="wb-breaches">/);
  });
});

describe('textColumn and numColumn', () => {
  it('make a column of words and a right-aligned column of figures, with their options', () => {
    const name = textColumn<Row>('name', 'Station', (r) => r.name, { rowHead: true });
    const kwh = numColumn<Row>('kwh', 'kWh', (r) => r.kwh, { testId: 'energy' });
    expect(name).toMatchObject({ id: 'name', head: 'Station', num: false, rowHead: true });
    expect(kwh).toMatchObject({ id: 'kwh', head: 'kWh', num: true, testId: 'energy' });
    expect(kwh.cell(rows[1] as Row)).toBe(3);
    const html = renderToStaticMarkup(h(DataTable<Row>, { rows, columns: [name, kwh], rowKey: (r) => r.id }));
    expect(html).toContain('<tr><th>Alpha</th><td class="num" data-testid="energy">12</td></tr>');
  });
});

describe('PairTable', () => {
  it('lists named figures in a narrow table, the name as row header', () => {
    const html = renderToStaticMarkup(
      h(PairTable, {
        testId: 'pairs',
        pairs: [{ id: 'created', label: 'Created', value: 4, title: 'from the journal' }],
      }),
    );
    expect(html).toBe(
      '<table class="rp-table rp-table--narrow" data-testid="pairs"><tbody>' +
        '<tr title="from the journal"><th>Created</th><td class="num">4</td></tr></tbody></table>',
    );
  });
});

describe('KpiCell, KpiGrid and Panel', () => {
  it('shows a figure under its name with its unit, coloured by its tone', () => {
    const html = renderToStaticMarkup(
      h(KpiCell, {
        name: 'Sessions',
        value: '1,204',
        unit: 'times',
        tone: 'missed',
        testId: 'kpi',
        'data-verdict': 'missed',
      }),
    );
    expect(html).toBe(
      '<div class="rp-tile rp-tile--missed" data-testid="kpi" data-verdict="missed">' +
        '<div class="rp-tile__name">Sessions</div>' +
        '<div class="rp-tile__value">1,204 <span class="rp-unit">times</span></div></div>',
    );
  });

  it('sets a value in words smaller and without a unit', () => {
    const html = renderToStaticMarkup(h(KpiCell, { name: 'PV', value: '3 normal, 1 abnormal', text: true }));
    expect(html).toContain('<div class="rp-tile__value rp-tile__value--text">3 normal, 1 abnormal </div>');
  });

  it('lays figures out in a grid and titles a part of the report', () => {
    expect(renderToStaticMarkup(el(KpiGrid, { compact: true }, 'x'))).toBe(
      '<div class="rp-tiles rp-tiles--counts">x</div>',
    );
    expect(renderToStaticMarkup(el(Panel, { title: 'SLA', testId: 'p' }, 'body'))).toBe(
      '<section class="rp-panel" data-testid="p"><h3>SLA</h3>body</section>',
    );
  });
});

describe('Bars and GroupedBars', () => {
  it('say how many bars and groups they draw, before they know their width', () => {
    const bars = renderToStaticMarkup(
      h(Bars, { testId: 'chart', unit: 'kWh', data: [{ id: 'a', label: 'A', value: 1 }] }),
    );
    expect(bars).toBe('<div class="rp-chart" data-testid="chart" data-bars="1"></div>');
    const groups = renderToStaticMarkup(
      h(GroupedBars, {
        testId: 'groups',
        unit: '',
        series: { met: 'Met' },
        data: [
          { id: 'a', label: 'A', values: { met: 1 } },
          { id: 'b', label: 'B', values: { met: 2 } },
        ],
      }),
    );
    expect(groups).toBe('<div class="rp-chart" data-testid="groups" data-groups="2"></div>');
  });
});
