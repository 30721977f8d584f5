import type { ConfigView } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import type { Translate } from '../../i18n/lang';
import type { MessageKey } from '../../i18n/messages';
import { SelectCell, TextCell } from '../../ui/table/cells';
import { type Column, RowsTable, type RowsTableProps } from '../../ui/table/RowsTable';
import {
  type ConfigDraft,
  type DeviceRow,
  errorAt,
  type FieldError,
  newDevice,
  newStation,
  rowHasError,
  type StationRow,
} from './model';

export type Edit = (change: (draft: ConfigDraft) => ConfigDraft, field?: string) => void;
export type Focus = (request: { field: string }) => void;

/** What each table of the config draft is given: the draft, its marks, whether it may change, how, and where a new row's focus goes. */
export type TableProps = {
  draft: ConfigDraft;
  errors: readonly FieldError[];
  editable: boolean;
  edit: Edit;
  /** A row was added: its first field gets the focus. */
  onAdded: Focus;
};

/** A typed-in column of a config table: the row's field, its heading, and its width (a grid__ class). */
export type ColumnSpec<F extends string> = { field: F; label: MessageKey; size: string };

/** The header cells of typed-in columns, in the operator's language. */
export function columnHeads(columns: readonly ColumnSpec<string>[], t: Translate): Column[] {
  return columns.map((c) => ({ key: c.field, label: t(c.label), className: `grid__${c.size}` }));
}

const STATION_COLUMNS: readonly ColumnSpec<keyof Omit<StationRow, 'row' | 'urban' | 'pvDerating'>>[] = [
  { field: 'id', label: 'config.col.id', size: 'id' },
  { field: 'name', label: 'config.col.name', size: 'name' },
  { field: 'nameEn', label: 'config.col.nameEn', size: 'name' },
  { field: 'address', label: 'config.col.address', size: 'wide' },
  { field: 'lat', label: 'config.col.lat', size: 'num' },
  { field: 'lng', label: 'config.col.lng', size: 'num' },
  { field: 'group', label: 'config.col.group', size: 'short' },
];

type DeviceField = keyof Omit<DeviceRow, 'row'>;

/** The device table's columns in order; all but the station and the profile are typed in. */
const DEVICE_COLUMNS: readonly ColumnSpec<DeviceField>[] = [
  { field: 'id', label: 'config.col.id', size: 'id' },
  { field: 'stationId', label: 'config.col.stationId', size: 'station' },
  { field: 'name', label: 'config.col.name', size: 'wide' },
  { field: 'profile', label: 'config.col.profile', size: 'profile' },
  { field: 'host', label: 'config.col.host', size: 'host' },
  { field: 'port', label: 'config.col.port', size: 'num' },
  { field: 'unitId', label: 'config.col.unitId', size: 'num' },
];

const DEVICE_TEXT_COLUMNS = DEVICE_COLUMNS.filter(
  (c): c is ColumnSpec<Exclude<DeviceField, 'stationId' | 'profile'>> =>
    c.field !== 'stationId' && c.field !== 'profile',
);

/**
 * What every cell of a table shares: its path, test id, whether it can be
 * typed into, and its problem in the operator's words.
 */
export function cellOf(
  field: string,
  label: string,
  editable: boolean,
  errors: readonly FieldError[],
  t: Translate,
) {
  const error = errorAt(errors, field);
  return {
    field,
    label,
    testId: `cfg-${field}`,
    readOnly: !editable,
    error: error ? (error.notANumber ? t('config.notANumber') : error.message) : null,
  };
}

export const removeLabel = (what: string, t: Translate) =>
  t('config.removeRow', { what: what || t('config.newRow') });

/**
 * The edits of one table's rows at `path` in the draft (`stations`,
 * `devices`, `alarmRules.triageOverrides`): `update` applies a change to
 * those rows. A cell sets one field of its row, the field then named by its
 * path so that its problem mark goes; a row is removed, or added with its
 * first field focused. `rows` are the rows the table is drawn with.
 */
export function draftRows<T extends { id: string }>(
  path: string,
  rows: readonly T[],
  { errors, onAdded }: Pick<TableProps, 'errors' | 'onAdded'>,
  update: (change: (rows: readonly T[]) => T[], field?: string) => void,
) {
  return {
    rows,
    set: (i: number, patch: Partial<T>, field: string) =>
      update((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)), `${path}.${i}.${field}`),
    invalid: (i: number) => rowHasError(errors, `${path}.${i}`),
    remove: (i: number) => update((rs) => rs.filter((_, j) => j !== i)),
    add: (row: T) => {
      update((rs) => [...rs, row]);
      onAdded({ field: `${path}.${rows.length}.id` });
    },
  };
}

type DraftTableProps<T extends { id: string }> = Omit<
  RowsTableProps<T>,
  'testId' | 'rows' | 'rowKey' | 'rowInvalid' | 'removeLabel' | 'onRemove' | 'add'
> & {
  edits: ReturnType<typeof draftRows<T>>;
  /** What the remove button calls a row. */
  name(row: T): string;
  add: { label: string; testId: string; row(): T };
};

/**
 * A table of the draft's rows on the kit's RowsTable, drawn, marked, removed
 * and added through draftRows' edits; the section's id is its test id too.
 */
export function DraftTable<T extends { id: string; row: number }>({
  edits,
  name,
  add,
  ...table
}: DraftTableProps<T>) {
  const { t } = useI18n();
  return (
    <RowsTable
      {...table}
      testId={table.id}
      rows={edits.rows}
      rowKey={(r) => r.row}
      rowInvalid={edits.invalid}
      removeLabel={(r) => removeLabel(name(r), t)}
      onRemove={edits.remove}
      add={{ label: add.label, testId: add.testId, onAdd: () => edits.add(add.row()) }}
    />
  );
}

export function StationsTable({ draft, errors, editable, edit, onAdded }: TableProps) {
  const { t } = useI18n();
  const rows = draftRows('stations', draft.stations, { errors, onAdded }, (change, field) =>
    edit((d) => ({ ...d, stations: change(d.stations) }), field),
  );
  return (
    <DraftTable
      id="config-stations"
      title={t('config.stations')}
      heading={{ field: 'stations', invalid: errorAt(errors, 'stations') !== undefined }}
      edits={rows}
      columns={[
        ...columnHeads(STATION_COLUMNS, t),
        { key: 'urban', label: t('config.col.urban'), className: 'grid__flag' },
      ]}
      renderCells={(s, i) => (
        <>
          {STATION_COLUMNS.map((c) => (
            <TextCell
              key={c.field}
              {...cellOf(`stations.${i}.${c.field}`, `${t(c.label)} ${i + 1}`, editable, errors, t)}
              value={s[c.field]}
              onChange={(v) => rows.set(i, { [c.field]: v }, c.field)}
            />
          ))}
          <td className="grid__flag">
            {editable ? (
              <input
                type="checkbox"
                checked={s.urban}
                data-field={`stations.${i}.urban`}
                data-testid={`cfg-stations.${i}.urban`}
                aria-label={`${t('config.col.urban')} ${i + 1}`}
                onChange={(e) => rows.set(i, { urban: e.target.checked }, 'urban')}
              />
            ) : (
              t(s.urban ? 'config.yes' : 'config.no')
            )}
          </td>
        </>
      )}
      editable={editable}
      name={(s) => s.id || s.name}
      add={{ label: t('config.addStation'), testId: 'config-add-station', row: () => newStation(draft) }}
    />
  );
}

export function DevicesTable({
  draft,
  view,
  errors,
  editable,
  edit,
  onAdded,
}: TableProps & { view: ConfigView }) {
  const { t } = useI18n();
  const rows = draftRows('devices', draft.devices, { errors, onAdded }, (change, field) =>
    edit((d) => ({ ...d, devices: change(d.devices) }), field),
  );
  const [idCol, nameCol, ...endpointCols] = DEVICE_TEXT_COLUMNS;
  const stationIds = new Set(draft.stations.map((s) => s.id));
  const cell = (field: string, label: MessageKey, i: number) =>
    cellOf(`devices.${i}.${field}`, `${t(label)} ${i + 1}`, editable, errors, t);
  const textCell = (d: DeviceRow, i: number, c: (typeof DEVICE_TEXT_COLUMNS)[number]) => (
    <TextCell
      key={c.field}
      {...cell(c.field, c.label, i)}
      value={d[c.field]}
      onChange={(v) => rows.set(i, { [c.field]: v }, c.field)}
    />
  );
  return (
    <DraftTable
      id="config-devices"
      title={t('config.devices')}
      edits={rows}
      columns={columnHeads(DEVICE_COLUMNS, t)}
      renderCells={(d, i) => (
        <>
          {idCol && textCell(d, i, idCol)}
          <SelectCell
            {...cell('stationId', 'config.col.stationId', i)}
            value={d.stationId}
            options={draft.stations.map((s) => ({
              value: s.id,
              text: s.id ? `${s.id} · ${s.name}` : s.name,
            }))}
            missing={stationIds.has(d.stationId) ? null : t('config.missingStation', { id: d.stationId })}
            onChange={(v) => rows.set(i, { stationId: v }, 'stationId')}
          />
          {nameCol && textCell(d, i, nameCol)}
          <SelectCell
            {...cell('profile', 'config.col.profile', i)}
            value={d.profile}
            options={view.profiles.map((p) => ({ value: p.id, text: p.id, title: `${p.model} (${p.kind})` }))}
            missing={
              view.profiles.some((p) => p.id === d.profile)
                ? null
                : t('config.missingStation', { id: d.profile })
            }
            onChange={(v) => rows.set(i, { profile: v }, 'profile')}
          />
          {endpointCols.map((c) => textCell(d, i, c))}
        </>
      )}
      editable={editable}
      name={(d) => d.id || d.name}
      add={{
        label: t('config.addDevice'),
        testId: 'config-add-device',
        row: () => newDevice(draft, view.profiles[0]?.id ?? ''),
      }}
    />
  );
}
