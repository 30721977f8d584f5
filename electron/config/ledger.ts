import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { ApiError } from '../../shared/api/frames';
import type { LedgerExport, LedgerListDiff, LedgerPreview, ledgerMethods } from '../../shared/api/ledger';
import type { Session } from '../../shared/auth/roles';
import { formatCsv } from '../../shared/config/ledger/csv';
import { diffLedger, isEmptyDiff, type ListDiff, mergeLedger } from '../../shared/config/ledger/diff';
import { ledgerSheets } from '../../shared/config/ledger/write';
import type { DeskConfig } from '../../shared/config/schema';
import { type Format, type LedgerOutcome, readLedgerFiles, readLedgerInWorker } from './ledger-read';

/** A reply carries the first problems and the first items of each list; the counts say how many there are. */
const ISSUE_LIMIT = 200;
const LIST_LIMIT = 500;

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type LedgerDeps = {
  config(): DeskConfig;
  profiles(): readonly string[];
  /** The config editor's own save: checks, journals with the reason, writes the file, restarts polling. */
  update(next: DeskConfig, reason: string, session: Session): Promise<unknown>;
  /** Where the built worker threads are; without it (tests under vitest) the ledger is read on this thread. */
  workerDir: URL | null;
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

function readFiles(deps: LedgerDeps, config: DeskConfig, params: ImportParams): Promise<LedgerOutcome> {
  const job = {
    files: params.files,
    context: {
      stations: config.stations,
      devices: config.devices,
      profiles: deps.profiles(),
      removeMissing: params.removeMissing,
    },
  };
  return deps.workerDir
    ? readLedgerInWorker(new URL('ledger-worker.js', deps.workerDir), job)
    : readLedgerFiles(job);
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
  // Loaded when asked for, not at start (about 0.4 s of the desk's cold start).
  const { default: Excel } = await import('exceljs');
  const book = new Excel.Workbook();
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
      const { format, read } = await readFiles(deps, config, params);
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
      const changedSince = () => {
        if (params.basis === basisOf(deps.config())) return;
        throw new ApiError(
          'invalid',
          'the configuration changed since the preview: preview the ledger again',
        );
      };
      changedSince();
      const { read } = await readFiles(deps, config, params);
      // Someone may have saved while the ledger was read: merging onto the older fleet would undo that.
      changedSince();
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
