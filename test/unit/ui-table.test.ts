import { Fragment, createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SelectCell, TextCell } from '../../renderer/src/ui/table/cells';
import { RowsTable } from '../../renderer/src/ui/table/RowsTable';
import { expectParts } from '../helpers/element';

type Row = { key: number; name: string };
const rows: Row[] = [
  { key: 7, name: 'Lu Xun' },
  { key: 9, name: '' },
];

function table(editable: boolean, invalidRow = -1): string {
  return renderToStaticMarkup(
    h(RowsTable<Row>, {
      id: 'stations',
      title: 'Stations',
      testId: 'config-stations',
      rows,
      rowKey: (r) => r.key,
      columns: [{ key: 'name', label: 'Name', className: 'grid__name' }],
      renderCells: (r) => h('td', null, r.name),
      editable,
      heading: { field: 'stations', invalid: false },
      rowInvalid: (i) => i === invalidRow,
      removeLabel: (r) => `Remove ${r.name || 'new row'}`,
      onRemove: () => {},
      add: { label: 'Add station', testId: 'config-add-station', onAdd: () => {} },
    }),
  );
}

describe('RowsTable', () => {
  it('is a section named by its heading, which counts the rows', () => {
    const html = table(false);
    expect(html).toMatch(/^<section class="rowstable" aria-labelledby="stations">/);
    expect(html).toContain(
      '<h3 id="stations" data-field="stations">Stations <span class="rowstable__count">2</span></h3>',
    );
    expect(html).toContain('<th class="grid__n">#</th><th class="grid__name">Name</th></tr>');
    expect(html).toContain('<td class="grid__n">2</td><td></td>');
  });

  it('read-only, has no remove buttons and no add button', () => {
    const html = table(false);
    expect(html).not.toContain('<button');
    expect(html).not.toContain('grid__act');
  });

  it('editable, removes each row by a named button, adds one at the end and marks a wrong row', () => {
    const html = table(true, 1);
    expectParts(html, [
      'aria-label="Remove Lu Xun" title="Remove Lu Xun"',
      'aria-label="Remove new row"',
      'data-testid="config-add-station">Add station</button>',
      '<tr data-invalid="true"><td class="grid__n">2</td>',
    ]);
  });
});

describe('table cells', () => {
  const cell = { field: 'devices.0.port', label: 'Port 1', testId: 'cfg-devices.0.port', onChange: () => {} };

  it('a text cell is an input named for its column and row, marked and explained when wrong', () => {
    const html = renderToStaticMarkup(
      h('tr', null, h(TextCell, { ...cell, value: '70000', readOnly: false, error: 'at most 65535' })),
    );
    expect(html).toContain(
      'data-field="devices.0.port" data-testid="cfg-devices.0.port" aria-label="Port 1"',
    );
    expect(html).toContain('aria-invalid="true" title="at most 65535"');
  });

  it('read-only, a cell is its text', () => {
    expect(renderToStaticMarkup(h(TextCell, { ...cell, value: '502', readOnly: true, error: null }))).toBe(
      '<td data-field="devices.0.port" title="502">502</td>',
    );
  });

  it('a select cell keeps a value that is no longer among its options, named as missing', () => {
    const html = renderToStaticMarkup(
      h(
        Fragment,
        null,
        h(SelectCell, {
          ...cell,
          value: 'sx99',
          readOnly: false,
          error: null,
          options: [{ value: 'sx01', text: 'sx01 · Lu Xun' }],
          missing: 'sx99 (not in the list)',
        }),
      ),
    );
    expect(html).toContain('<option value="sx99" selected="">sx99 (not in the list)</option>');
    expect(html).toContain('<option value="sx01">sx01 · Lu Xun</option>');
    expect(html).not.toContain('aria-invalid');
  });
});
