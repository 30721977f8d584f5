import { describe, expect, it } from 'vitest';
import { draftRows } from '../../renderer/src/views/config/ConfigTables';
import type { FieldError } from '../../renderer/src/views/config/model';

type Row = { row: number; id: string; name: string };

/** A table's rows as the editor holds them, and each edit's field as the editor is told it. */
function table(start: Row[], errors: FieldError[] = []) {
  const state = { rows: start, fields: [] as (string | undefined)[], focused: [] as string[] };
  const edits = draftRows<Row>(
    'stations',
    state.rows,
    { errors, onAdded: ({ field }) => state.focused.push(field) },
    (change, field) => {
      state.rows = change(state.rows);
      state.fields.push(field);
    },
  );
  return { state, edits };
}

const A: Row = { row: 1, id: 'sx01', name: 'A' };
const B: Row = { row: 2, id: 'sx02', name: 'B' };

describe('the edits of a config table', () => {
  it("set one row's fields and name the field by its path, so its problem mark goes", () => {
    const { state, edits } = table([A, B]);
    edits.set(1, { name: 'Bee' }, 'name');
    expect(state.rows).toEqual([A, { ...B, name: 'Bee' }]);
    expect(state.fields).toEqual(['stations.1.name']);
  });

  it('remove a row and add one at the end with its first field focused; both clear every mark', () => {
    const { state, edits } = table([A, B]);
    edits.remove(0);
    expect(state.rows).toEqual([B]);
    edits.add({ row: 3, id: '', name: '' });
    expect(state.rows.map((r) => r.row)).toEqual([2, 3]);
    // The new row's index is the length of the rows the table was drawn with.
    expect(state.focused).toEqual(['stations.2.id']);
    expect(state.fields).toEqual([undefined, undefined]);
  });

  it('mark a row that has a problem in any of its fields', () => {
    const { edits } = table(
      [A, B],
      [{ field: 'stations.1.id', path: 'stations[1].id', message: 'used twice' }],
    );
    expect(edits.invalid(0)).toBe(false);
    expect(edits.invalid(1)).toBe(true);
  });
});
