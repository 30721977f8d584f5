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

/** One column: its heading in the catalogue, how its cells show, and what a row puts in it. */
export type ColumnSpec<T> = readonly [heading: CatalogueKey, kind: CellKind, cell: (row: T) => Cell];

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
  const { abnormal } = options;
  return {
    title: t(title),
    sheet: options.sheet ?? t(title),
    columns: columns.map(([heading, kind]) => ({ label: t(heading), kind })),
    rows: [
      ...items.map((item) => ({
        cells: columns.map(([, , cell]) => cell(item)),
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

/** Title, the period's three lines and the zone: the head every monthly document shares. */
export function monthHead(
  t: Words,
  title: CatalogueKey,
  stem: string,
  p: ReportPeriod,
): Pick<ExportDocument, 'title' | 'fileStem' | 'lines' | 'timeZone'> {
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
  };
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
