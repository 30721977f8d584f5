import { Worker } from 'node:worker_threads';
import type ExcelJS from 'exceljs';
import { ApiError, ErrorCode } from '../../shared/api/frames';
import type { LedgerFile } from '../../shared/api/ledger';
import type { Cell } from '../../shared/config/ledger/columns';
import { CsvError, cellOfCsv, parseCsv } from '../../shared/config/ledger/csv';
import {
  type LedgerContext,
  type LedgerRead,
  readLedger,
  type SheetGrid,
} from '../../shared/config/ledger/read';

export type Format = 'xlsx' | 'csv';

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
  // Loaded when asked for, not at start (about 0.4 s of the desk's cold start).
  const { default: Excel } = await import('exceljs');
  const book = new Excel.Workbook();
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

/** A ledger to read: the files as sent, and the configuration and profiles to read them against. */
export type LedgerJob = { files: readonly LedgerFile[]; context: LedgerContext };
export type LedgerOutcome = { format: Format; read: LedgerRead };
export type LedgerWorkerReply =
  | { ok: true; outcome: LedgerOutcome }
  | { ok: false; code: string; message: string };

export async function readLedgerFiles(job: LedgerJob): Promise<LedgerOutcome> {
  const { format, grids } = await ledgerGrids(job.files);
  return { format, read: readLedger(grids, job.context) };
}

/**
 * The same in a worker thread (ledger-worker.ts): unzipping and parsing a
 * workbook of thousands of rows takes seconds, which on the engine's thread
 * would stall polling and every screen.
 */
export function readLedgerInWorker(workerFile: URL, job: LedgerJob): Promise<LedgerOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile, { workerData: job });
    let settled = false;
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      done();
    };
    worker.on('message', (reply: LedgerWorkerReply) => {
      if (reply.ok) settle(() => resolve(reply.outcome));
      else {
        const code = ErrorCode.safeParse(reply.code);
        settle(() => reject(new ApiError(code.success ? code.data : 'internal', reply.message)));
      }
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`the ledger worker stopped (exit code ${code})`))),
    );
  });
}
