import type { z } from 'zod';
import { Station } from '../../api/model';
import { pollAddress } from '../poll-address';
import { DeviceConfig } from '../schema';
import { type Cell, COLUMNS, type Column, columnOf, type SheetKind, sheetKindOf } from './columns';

/** A sheet as read from a workbook or CSV file: its rows under the numbers the spreadsheet shows. */
export type SheetGrid = { name: string; rows: ReadonlyArray<{ number: number; cells: readonly Cell[] }> };

/** One problem of the ledger, where the user finds it: sheet, row (as the spreadsheet numbers it), column (as headed). */
export type LedgerIssue = { sheet: string; row: number | null; column: string | null; message: string };

export type Ledger = { stations: Station[] | null; devices: DeviceConfig[] | null };

/** What the ledger is read against: the fleet as configured, and the profiles the desk has. */
export type LedgerContext = {
  stations: readonly Station[];
  devices: readonly DeviceConfig[];
  profiles: readonly string[];
  /** Stations and devices the ledger does not list go (otherwise they stay as they are). */
  removeMissing: boolean;
};

export type SheetSummary = { name: string; kind: SheetKind; rows: number; ignoredColumns: string[] };

export type LedgerRead = {
  ledger: Ledger;
  issues: LedgerIssue[];
  sheets: SheetSummary[];
  /** Sheets that hold neither stations nor devices (notes, a cover page), left alone. */
  ignoredSheets: string[];
};

type Placed<T> = { item: T; row: number };
type SheetRead<T> = {
  summary: SheetSummary;
  items: Placed<T>[];
  header: Map<string, string>;
  /** Every id the sheet lists, its row valid or not: a bad station row is one problem, not one per device. */
  ids: Set<string>;
};

const SCHEMAS = { stations: Station.strict(), devices: DeviceConfig } as const;

const isEmpty = (cell: Cell | undefined) => cell === null || cell === undefined || cell === '';

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', '是', '对', '√']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', '否', '不是', '×']);

/** A cell as the column's type, or why it cannot be. Text is trimmed: ledgers typed by hand carry stray spaces. */
function coerce(cell: Cell, column: Column): { value: unknown } | { problem: string } {
  if (column.kind === 'text') return { value: typeof cell === 'string' ? cell.trim() : String(cell) };
  if (column.kind === 'json') {
    try {
      return { value: JSON.parse(String(cell)) };
    } catch {
      return { problem: `"${String(cell).trim()}" is not JSON (e.g. {"group":"sx","node":"gw1"})` };
    }
  }
  if (column.kind === 'number') {
    if (typeof cell === 'number') return { value: cell };
    const text = String(cell).trim();
    const n = Number(text);
    return text !== '' && Number.isFinite(n) ? { value: n } : { problem: `"${text}" is not a number` };
  }
  if (typeof cell === 'boolean') return { value: cell };
  const word = String(cell).trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return { value: true };
  if (FALSE_WORDS.has(word)) return { value: false };
  return { problem: `"${String(cell).trim()}" is not yes or no (true/false, 是/否, 1/0)` };
}

/** A schema's complaint about a field in the words of a ledger: the value, and the limit it broke. */
function describe(issue: z.core.$ZodIssue, value: unknown): string {
  if (value === undefined) return 'missing';
  if (issue.code === 'too_big' && issue.origin === 'number') {
    return `${value} is above ${issue.maximum}`;
  }
  if (issue.code === 'too_small' && issue.origin === 'number') {
    return `${value} is below ${issue.minimum}`;
  }
  if (issue.code === 'too_big' && issue.origin === 'string') {
    return `longer than ${issue.maximum} characters`;
  }
  if (issue.code === 'invalid_type' && issue.expected === 'int') return `${value} is not a whole number`;
  if (issue.code === 'invalid_value') return `"${String(value)}" is not one of ${issue.values.join(', ')}`;
  return issue.message;
}

function readSheet<T>(
  grid: SheetGrid,
  kind: SheetKind,
  existing: ReadonlyMap<string, Record<string, unknown>>,
  issues: LedgerIssue[],
): SheetRead<T> {
  const [head, ...rows] = grid.rows;
  const header = new Map<string, string>();
  const byIndex = new Map<number, Column>();
  const ignoredColumns: string[] = [];
  const summary: SheetSummary = { name: grid.name, kind, rows: rows.length, ignoredColumns };
  const at = (row: number | null, column: string | null, message: string) =>
    issues.push({ sheet: grid.name, row, column, message });
  head?.cells.forEach((cell, index) => {
    if (isEmpty(cell)) return;
    const text = String(cell).trim();
    const column = columnOf(kind, text);
    if (!column) ignoredColumns.push(text);
    else if (header.has(column.key)) {
      at(head.number, text, `the same field (${column.key}) as column ${header.get(column.key)}`);
    } else {
      header.set(column.key, text);
      byIndex.set(index, column);
    }
  });
  if (!header.has('id')) {
    const names = [COLUMNS[kind][0]?.key, ...(COLUMNS[kind][0]?.aliases ?? [])].join(' / ');
    at(head?.number ?? null, null, `no id column (${names})`);
    return { summary, items: [], header, ids: new Set() };
  }
  const schema = SCHEMAS[kind];
  const items: Placed<T>[] = [];
  const ids = new Set<string>();
  for (const row of rows) {
    const bad = new Set<string>();
    const cells = new Map<string, unknown>();
    byIndex.forEach((column, index) => {
      const cell = row.cells[index] ?? null;
      if (isEmpty(cell)) return;
      const coerced = coerce(cell, column);
      if ('problem' in coerced) {
        bad.add(column.key);
        at(row.number, header.get(column.key) ?? column.key, coerced.problem);
      } else cells.set(column.key, coerced.value);
    });
    // A column the ledger does not have leaves that field of a known item as configured.
    const id = cells.get('id');
    if (typeof id === 'string') ids.add(id);
    const base = typeof id === 'string' ? existing.get(id) : undefined;
    const raw: Record<string, unknown> = {};
    for (const column of COLUMNS[kind]) {
      if (cells.has(column.key)) raw[column.key] = cells.get(column.key);
      else if (!header.has(column.key) && base?.[column.key] !== undefined)
        raw[column.key] = base[column.key];
    }
    const parsed = schema.safeParse(raw);
    if (parsed.success) {
      if (bad.size === 0) items.push({ item: parsed.data as T, row: row.number });
      continue;
    }
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      if (bad.has(key)) continue;
      at(row.number, header.get(key) ?? key, describe(issue, raw[key]));
    }
  }
  return { summary, items, header, ids };
}

function duplicates<T extends { id: string }>(
  sheet: string,
  items: Placed<T>[],
  issues: LedgerIssue[],
  column: string,
) {
  const first = new Map<string, number>();
  for (const { item, row } of items) {
    const seen = first.get(item.id);
    if (seen === undefined) first.set(item.id, row);
    else issues.push({ sheet, row, column, message: `duplicate id "${item.id}" (first on row ${seen})` });
  }
}

/**
 * Reads a ledger's sheets against the configured fleet: every row is checked
 * by the config's own schema, then across rows (ids, stations, profiles,
 * endpoints), and every problem is listed, not only the first.
 */
export function readLedger(grids: readonly SheetGrid[], context: LedgerContext): LedgerRead {
  const issues: LedgerIssue[] = [];
  const ignoredSheets: string[] = [];
  const found: Partial<Record<SheetKind, SheetGrid>> = {};
  for (const grid of grids) {
    if (grid.rows.length === 0) continue;
    const headers = (grid.rows[0]?.cells ?? []).map((c) => (isEmpty(c) ? '' : String(c)));
    const kind = sheetKindOf(grid.name, headers);
    if (!kind) ignoredSheets.push(grid.name);
    else if (found[kind]) {
      issues.push({
        sheet: grid.name,
        row: null,
        column: null,
        message: `a second ${kind} sheet (the first is ${found[kind]?.name})`,
      });
    } else found[kind] = grid;
  }
  if (!found.stations && !found.devices) {
    const names = grids.map((g) => g.name).join(', ') || 'none';
    issues.push({
      sheet: names,
      row: null,
      column: null,
      message: 'no stations or devices sheet: name the sheets stations and devices (站点, 设备)',
    });
  }
  const stations = found.stations
    ? readSheet<Station>(found.stations, 'stations', new Map(context.stations.map((s) => [s.id, s])), issues)
    : null;
  const devices = found.devices
    ? readSheet<DeviceConfig>(
        found.devices,
        'devices',
        new Map(context.devices.map((d) => [d.id, d])),
        issues,
      )
    : null;
  if (stations && found.stations)
    duplicates(found.stations.name, stations.items, issues, stations.header.get('id') ?? 'id');
  if (devices && found.devices) {
    duplicates(found.devices.name, devices.items, issues, devices.header.get('id') ?? 'id');
    checkDevices(found.devices.name, devices, stations, context, issues);
  } else if (stations && found.stations && context.removeMissing) {
    orphans(found.stations.name, stations.items, context, issues);
  }
  return {
    ledger: {
      stations: stations ? stations.items.map((p) => p.item) : null,
      devices: devices ? devices.items.map((p) => p.item) : null,
    },
    issues: inSheetOrder(issues, grids),
    sheets: [stations?.summary, devices?.summary].filter((s): s is SheetSummary => s !== undefined),
    ignoredSheets,
  };
}

/** The stations the fleet will have: the ledger's, and the configured ones it keeps. */
function stationIds(stations: SheetRead<Station> | null, context: LedgerContext): Set<string> {
  const listed = stations ? [...stations.ids] : [];
  const kept = !stations || !context.removeMissing ? context.stations.map((s) => s.id) : [];
  return new Set([...listed, ...kept]);
}

function checkDevices(
  sheet: string,
  devices: SheetRead<DeviceConfig>,
  stations: SheetRead<Station> | null,
  context: LedgerContext,
  issues: LedgerIssue[],
) {
  const column = (key: string) => devices.header.get(key) ?? key;
  const known = stationIds(stations, context);
  const profiles = new Set(context.profiles);
  const listed = new Set(devices.items.map((p) => p.item.id));
  const endpoints = new Map<string, string>();
  // Devices the ledger leaves out but the fleet keeps still hold their endpoints.
  if (!context.removeMissing) {
    for (const d of context.devices) {
      const endpoint = pollAddress(d);
      if (endpoint && !listed.has(d.id)) endpoints.set(endpoint, `device ${d.id}, not in the ledger`);
    }
  }
  for (const { item, row } of devices.items) {
    const at = (key: string, message: string) => issues.push({ sheet, row, column: column(key), message });
    if (!known.has(item.stationId)) at('stationId', `no station "${item.stationId}"`);
    if (!profiles.has(item.profile)) {
      at('profile', `no profile "${item.profile}" (known: ${[...profiles].sort().join(', ')})`);
    }
    const endpoint = pollAddress(item);
    if (!endpoint) continue;
    const holder = endpoints.get(endpoint);
    if (holder) at('unitId', `${endpoint} is already used by ${holder}`);
    else endpoints.set(endpoint, `row ${row}`);
  }
}

/** Stations a ledger without devices would remove while configured devices still belong to them. */
function orphans(sheet: string, stations: Placed<Station>[], context: LedgerContext, issues: LedgerIssue[]) {
  const listed = new Set(stations.map((p) => p.item.id));
  for (const device of context.devices) {
    if (!listed.has(device.stationId)) {
      issues.push({
        sheet,
        row: null,
        column: null,
        message: `station "${device.stationId}" is not in the ledger, but device "${device.id}" still belongs to it`,
      });
    }
  }
}

/** Problems as the user walks the file: sheet by sheet, row by row, left to right. */
function inSheetOrder(issues: LedgerIssue[], grids: readonly SheetGrid[]): LedgerIssue[] {
  const sheet = new Map(grids.map((g, i) => [g.name, i]));
  const column = new Map(
    grids.map((g) => [g.name, (g.rows[0]?.cells ?? []).map((c) => (isEmpty(c) ? '' : String(c).trim()))]),
  );
  const place = (issue: LedgerIssue) => {
    const at = issue.column === null ? -1 : (column.get(issue.sheet)?.indexOf(issue.column) ?? -1);
    return [sheet.get(issue.sheet) ?? -1, issue.row ?? 0, at];
  };
  return issues
    .map((issue) => ({ issue, place: place(issue) }))
    .sort((a, b) => a.place.reduce((d, x, i) => d || x - (b.place[i] ?? 0), 0))
    .map((x) => x.issue);
}
