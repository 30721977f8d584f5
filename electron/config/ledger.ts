import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import { ApiError } from '../../shared/api/frames';
import type {
  LedgerExport,
  LedgerFile,
  LedgerListDiff,
  LedgerPreview,
  ledgerMethods,
} from '../../shared/api/ledger';
import type { Session } from '../../shared/auth/roles';
import type { Cell } from '../../shared/config/ledger/columns';
import { CsvError, cellOfCsv, formatCsv, parseCsv } from '../../shared/config/ledger/csv';
import { diffLedger, isEmptyDiff, type ListDiff, mergeLedger } from '../../shared/config/ledger/diff';
import { type LedgerRead, readLedger, type SheetGrid } from '../../shared/config/ledger/read';
import { ledgerSheets } from '../../shared/config/ledger/write';
import type { DeskConfig } from '../../shared/config/schema';

/** A reply carries the first problems and the first items of each list; the counts say how many there are. */
const ISSUE_LIMIT = 200;
const LIST_LIMIT = 500;

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Format = 'xlsx' | 'csv';

function isZip(bytes: Buffer): boolean {
  return bytes.length > 4 && bytes.readUInt32BE(0) === 0x504b0304;
}

function isOldExcel(bytes: Buffer): boolean {
  return bytes.length > 8 && bytes.readUInt32BE(0) === 0xd0cf11e0;
}

/** A value exceljs hands back, as a ledger cell: a formula by its result, rich text and links by their text. */
function cellOfXlsx(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if ('result' in value) return cellOfXlsx((value.result ?? null) as ExcelJS.CellValue);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('text' in value) return cellOfXlsx(value.text as ExcelJS.CellValue);
  if ('error' in value) return String(value.error);
  return null;
}

async function xlsxGrids(file: string, bytes: Buffer): Promise<SheetGrid[]> {
  const book = new ExcelJS.Workbook();
  try {
    // exceljs's type wants the older Buffer shape; the bytes are the same.
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new ApiError('invalid', `${file}: not a readable XLSX workbook (${(error as Error).message})`);
  }
  return book.worksheets.map((sheet) => {
    const rows: { number: number; cells: Cell[] }[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, number) => {
      // row.values starts at index 1, as Excel's columns do.
      const values = (row.values as ExcelJS.CellValue[]).slice(1);
      rows.push({ number, cells: Array.from(values, (v) => cellOfXlsx(v)) });
    });
    return { name: sheet.name, rows };
  });
}

/** CSV text as UTF-8 (with or without a byte-order mark), or GB18030, which Excel on a Chinese Windows saves. */
function csvText(file: string, bytes: Buffer): string {
  if (bytes.subarray(0, 8192).includes(0)) {
    throw new ApiError(
      'invalid',
      `${file}: not a spreadsheet: an XLSX workbook or a CSV text file was expected`,
    );
  }
  for (const encoding of ['utf-8', 'gb18030']) {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(bytes);
    } catch {
      // Not this encoding; try the next.
    }
  }
  throw new ApiError('invalid', `${file}: the text is neither UTF-8 nor GB18030`);
}

function csvGrid(file: string, bytes: Buffer): SheetGrid {
  let records: string[][];
  try {
    records = parseCsv(csvText(file, bytes));
  } catch (error) {
    if (error instanceof CsvError) throw new ApiError('invalid', `${file}: ${error.message}`);
    throw error;
  }
  const rows = records
    .map((fields, i) => ({ number: i + 1, cells: fields.map(cellOfCsv) }))
    .filter((row) => row.cells.some((c) => c !== null));
  return { name: file, rows };
}

/** The files as sheets: one workbook, or one or two CSV files (a stations file and a devices file). */
export async function ledgerGrids(
  files: readonly LedgerFile[],
): Promise<{ format: Format; grids: SheetGrid[] }> {
  const read = files.map((f) => ({ name: f.name, bytes: Buffer.from(f.base64, 'base64') }));
  for (const { name, bytes } of read) {
    if (isOldExcel(bytes)) {
      throw new ApiError('invalid', `${name}: an Excel 97-2003 (.xls) file: save it as .xlsx or CSV first`);
    }
    if (!isZip(bytes) && /\.xlsx$/i.test(name)) {
      throw new ApiError('invalid', `${name}: not an XLSX workbook, though its name ends in .xlsx`);
    }
  }
  const workbooks = read.filter((f) => isZip(f.bytes));
  if (workbooks.length > 0) {
    const [book] = workbooks;
    if (read.length > 1 || !book) {
      throw new ApiError('invalid', 'one workbook at a time, or one or two CSV files (stations and devices)');
    }
    return { format: 'xlsx', grids: await xlsxGrids(book.name, book.bytes) };
  }
  return { format: 'csv', grids: read.map((f) => csvGrid(f.name, f.bytes)) };
}

type LedgerDeps = {
  config(): DeskConfig;
  profiles(): readonly string[];
  /** The config editor's own save: checks, journals with the reason, writes the file, restarts polling. */
  update(next: DeskConfig, reason: string, session: Session): Promise<unknown>;
};

/** Which configuration a preview was made against, so an apply after someone else's edit is refused. */
function basisOf(config: DeskConfig): string {
  return createHash('sha256')
    .update(JSON.stringify([config.stations, config.devices]))
    .digest('hex')
    .slice(0, 32);
}

function capped(diff: ListDiff): LedgerListDiff {
  return {
    ...diff,
    added: diff.added.slice(0, LIST_LIMIT),
    changed: diff.changed.slice(0, LIST_LIMIT),
    removed: diff.removed.slice(0, LIST_LIMIT),
    counts: { added: diff.added.length, changed: diff.changed.length, removed: diff.removed.length },
  };
}

type ImportParams = z.infer<(typeof ledgerMethods)['ledger.preview']['params']>;

async function readFiles(
  deps: LedgerDeps,
  params: ImportParams,
): Promise<{ format: Format; read: LedgerRead }> {
  const { format, grids } = await ledgerGrids(params.files);
  const config = deps.config();
  const read = readLedger(grids, {
    stations: config.stations,
    devices: config.devices,
    profiles: deps.profiles(),
    removeMissing: params.removeMissing,
  });
  return { format, read };
}

async function exportLedger(config: DeskConfig, format: Format): Promise<LedgerExport> {
  const sheets = ledgerSheets(config);
  if (format === 'csv') {
    return {
      files: sheets.map((sheet) => ({
        name: `dutydesk-ledger-${sheet.kind}.csv`,
        mime: 'text/csv',
        base64: Buffer.from(formatCsv(sheet.rows), 'utf8').toString('base64'),
      })),
    };
  }
  const book = new ExcelJS.Workbook();
  book.creator = 'DutyDesk';
  for (const sheet of sheets) {
    const page = book.addWorksheet(sheet.kind, { views: [{ state: 'frozen', ySplit: 1 }] });
    for (const row of sheet.rows) page.addRow(row);
    page.getRow(1).font = { bold: true };
    page.columns.forEach((column) => {
      column.width = 16;
    });
  }
  const bytes = Buffer.from(await book.xlsx.writeBuffer());
  return { files: [{ name: 'dutydesk-ledger.xlsx', mime: XLSX_MIME, base64: bytes.toString('base64') }] };
}

/** The ledger's methods of the DeskApi: read and compare, apply through the config's own save, export. */
export function ledgerApi(deps: LedgerDeps) {
  return {
    'ledger.preview': async (params: ImportParams): Promise<LedgerPreview> => {
      const config = deps.config();
      const { format, read } = await readFiles(deps, params);
      const clean = read.issues.length === 0;
      const diff = clean ? diffLedger(config, read.ledger, params.removeMissing) : null;
      return {
        format,
        sheets: read.sheets,
        ignoredSheets: read.ignoredSheets,
        issues: read.issues.slice(0, ISSUE_LIMIT),
        issueCount: read.issues.length,
        diff: diff ? { stations: capped(diff.stations), devices: capped(diff.devices) } : null,
        basis: basisOf(config),
      };
    },
    'ledger.apply': async (
      params: ImportParams & { basis: string; reason: string },
      session: Session,
    ): Promise<{ stations: number; devices: number }> => {
      const config = deps.config();
      if (params.basis !== basisOf(config)) {
        throw new ApiError(
          'invalid',
          'the configuration changed since the preview: preview the ledger again',
        );
      }
      const { read } = await readFiles(deps, params);
      const [first] = read.issues;
      if (first) {
        const where = [
          first.sheet,
          first.row === null ? null : `row ${first.row}`,
          first.column && `column ${first.column}`,
        ]
          .filter(Boolean)
          .join(', ');
        throw new ApiError(
          'invalid',
          `the ledger has ${read.issues.length} problem(s); the first: ${where}: ${first.message}`,
        );
      }
      if (isEmptyDiff(diffLedger(config, read.ledger, params.removeMissing))) {
        throw new ApiError('invalid', 'the ledger matches the configuration: nothing to apply');
      }
      const merged = mergeLedger(config, read.ledger, params.removeMissing);
      await deps.update({ ...config, ...merged }, params.reason, session);
      return { stations: merged.stations.length, devices: merged.devices.length };
    },
    'ledger.export': async (params: { format: Format }): Promise<LedgerExport> =>
      exportLedger(deps.config(), params.format),
  };
}
