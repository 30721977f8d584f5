import type { Kpi, ReportPeriod, Verdict } from '../../shared/api/reports';
import { formatInZone } from '../../shared/handover/format';
import type { CatalogueKey, Words } from '../../shared/i18n/catalogue';
import { reportText, word } from '../../shared/i18n/words';

/**
 * Reports as plain tables, the one shape the CSV, XLSX and PDF writers
 * take. Cells hold raw values (fractions, milliseconds, epoch ms); the
 * column kind says how each writer shows them.
 */
/** `number`: whole numbers as they are, others to two decimals (mixed rows such as KPI tables). */
export type CellKind = 'text' | 'int' | 'num2' | 'number' | 'percent' | 'hours' | 'minutes' | 'time';
export type Cell = string | number | null;
export type Column = { label: string; kind: CellKind };
export type Row = { cells: Cell[]; abnormal?: boolean };
export type ExportTable = { title: string; sheet: string; columns: Column[]; rows: Row[]; notes: string[] };
export type ExportDocument = {
  title: string;
  fileStem: string;
  lines: string[];
  timeZone: string;
  tables: ExportTable[];
};

/** How the record names what the report refers to by id, in the record's language. */
export type Names = {
  station(id: string): string;
  device(id: string | null): string;
  preset(id: string): string;
};

/** Everything a document is written with: the catalogue's words in its language, and the names. */
export type Writing = { t: Words; names: Names };

/** The fields of a row that a cell shows as they are. */
type CellField<T> = { [K in keyof T]: T[K] extends Cell ? K : never }[keyof T];

/** One column: its heading in the catalogue, how its cells show, and what a row puts in it (a field, or a function of the row). */
export type ColumnSpec<T> = readonly [
  heading: CatalogueKey,
  kind: CellKind,
  cell: CellField<T> | ((row: T) => Cell),
];

function cellOf<T>(cell: ColumnSpec<T>[2], row: T): Cell {
  return typeof cell === 'function' ? cell(row) : (row[cell] as Cell);
}

type TableOptions<T> = {
  /** The sheet's name when it is not the title (Excel cuts and de-duplicates it). */
  sheet?: string;
  abnormal?: (row: T) => boolean;
  /** Rows after the data rows, such as a total. */
  after?: readonly Row[];
  notes?: readonly string[];
};

/** A table from its column specs: one row per item, each cell what its column takes from the item. */
export function table<T>(
  t: Words,
  title: CatalogueKey,
  columns: readonly ColumnSpec<T>[],
  items: readonly T[],
  options: TableOptions<T> = {},
): ExportTable {
  const headed = columns.map(([heading, kind, cell]) => [t(heading), kind, cell] as const);
  return tableOf(t(title), headed, items, options);
}

/** The same with its headings already in words, for documents written with words of their own (the training records). */
export function tableOf<T>(
  title: string,
  columns: readonly (readonly [heading: string, kind: CellKind, cell: ColumnSpec<T>[2]])[],
  items: readonly T[],
  options: TableOptions<T> = {},
): ExportTable {
  const { abnormal } = options;
  return {
    title,
    sheet: options.sheet ?? title,
    columns: columns.map(([label, kind]) => ({ label, kind })),
    rows: [
      ...items.map((item) => ({
        cells: columns.map(([, , cell]) => cellOf(cell, item)),
        ...(abnormal ? { abnormal: abnormal(item) } : {}),
      })),
      ...(options.after ?? []),
    ],
    notes: [...(options.notes ?? [])],
  };
}

/** Where a figure comes from, in the record's language; nothing when the report names no source. */
export const sourceText = (t: Words, text: string | undefined) => (text ? reportText(text, t) : '');

export const missed = (v: Verdict) => v === 'missed';

export const verdictWords = (t: Words, v: Verdict) => word(t, ['record.verdict', 'reports.verdict'], v);

/** A month's document: its title, the period's three lines, its zone and its tables. */
export function monthDocument(
  t: Words,
  title: CatalogueKey,
  stem: string,
  p: ReportPeriod,
  tables: ExportTable[],
): ExportDocument {
  const at = (ms: number) => formatInZone(ms, p.timeZone);
  return {
    title: t(title),
    fileStem: `${stem}-${p.month}`,
    lines: [
      `${t('record.period')}: ${p.month} (${at(p.from)} – ${at(p.to)}, ${t('record.timeZone')} ${p.timeZone})`,
      `${t('record.observed')}: ${at(p.observedFrom)} – ${at(p.observedTo)}`,
      `${t('record.generated')}: ${at(p.generatedAt)}`,
    ],
    timeZone: p.timeZone,
    tables,
  };
}

/** A station's name, group and number of chargers: how every table of stations starts. */
export const STATION_COLUMNS: readonly ColumnSpec<{ name: string; group: string; chargers: number }>[] = [
  ['reports.station', 'text', 'name'],
  ['reports.group', 'text', 'group'],
  ['record.chargerCount', 'int', 'chargers'],
];

/** Plain counts with their sources (a month's system indicators, a shift's counts): name, value, source. */
export function countTable(
  t: Words,
  title: CatalogueKey,
  headings: { name: CatalogueKey; value: CatalogueKey; kind: CellKind },
  kpis: readonly Kpi[],
  names: readonly string[],
): ExportTable {
  return table<Kpi>(
    t,
    title,
    [
      [headings.name, 'text', (k) => word(t, names, k.id)],
      [headings.value, headings.kind, 'value'],
      ['reports.sources', 'text', (k) => sourceText(t, k.source)],
    ],
    kpis,
  );
}

const HOUR = 3_600_000;

/** A KPI's value in the unit its row shows it in: shares as percent, durations in hours. */
function kpiValue(k: Kpi): Cell {
  if (k.value === null) return null;
  if (k.unit === 'share') return k.value * 100;
  return k.unit === 'ms' ? k.value / HOUR : k.value;
}

function targetText(k: Kpi): string {
  const target = k.target;
  if (!target) return '';
  const show = (v: number) => (k.unit === 'share' ? `${(v * 100).toFixed(0)} %` : String(v));
  const sign = target.kind === 'max' ? '≤' : '≥';
  return target.near === null
    ? `${sign} ${show(target.value)}`
    : `${sign} ${show(target.value)} (${show(target.near)})`;
}

/** KPI rows share one layout: name, value, target, verdict, basis, source; `names` are the catalogue prefixes of their names. */
export function kpiTable(
  t: Words,
  title: CatalogueKey,
  kpis: readonly Kpi[],
  names: string | readonly string[],
) {
  return table<Kpi>(
    t,
    title,
    [
      ['record.alarm.indicator', 'text', (k) => word(t, names, k.id)],
      ['record.alarm.value', 'num2', kpiValue],
      ['record.alarm.target', 'text', targetText],
      ['record.alarm.verdict', 'text', (k) => verdictWords(t, k.verdict)],
      ['reports.sla.basis', 'text', (k) => sourceText(t, k.target?.basis)],
      ['reports.sources', 'text', (k) => sourceText(t, k.source)],
    ],
    kpis,
    { abnormal: (k) => missed(k.verdict) },
  );
}

/** Where an alarm is: its device and station, or the station alone for a station or gateway alarm. */
export function alarmPlace(names: Names, x: { deviceId: string | null; stationId: string }): string {
  return x.deviceId
    ? `${names.device(x.deviceId)} · ${names.station(x.stationId)}`
    : names.station(x.stationId);
}
