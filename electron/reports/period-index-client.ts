import Database from 'better-sqlite3';
import type { Logger } from '../log/logger';
import { callWorker } from '../store/worker-calls';
import { type Carry, type PeriodLookup, PeriodReads } from './period-index';
import type { PeriodWorkerData } from './period-index-worker';

/**
 * The period index as the engine uses it: built and kept up by the worker
 * (period-index-worker.ts), read here through a read-only connection of
 * its own. Each catch-up asks the worker how far the index reaches, and
 * lookups stay within that. Until the worker has the file open there is
 * nothing to read; a worker that fails makes catchUp throw, and reports
 * then fold the whole journal (ReportService).
 */
export function periodIndexInWorker(
  workerFile: string | URL,
  data: PeriodWorkerData,
  options: { log?: Logger; after?: Promise<unknown> } = {},
): PeriodLookup {
  const calls = callWorker(workerFile, data, 'report period index', options);
  let db: Database.Database | null = null;
  let reads: PeriodReads | null = null;
  let indexed = 0;
  let closed = false;
  const opened = calls.call<boolean>('open').then((ok) => {
    if (!ok) throw new Error(`report period index ${data.indexFile} cannot be made`);
    if (closed) return;
    db = new Database(data.indexFile, { readonly: true, fileMustExist: true });
    reads = new PeriodReads(db);
  });
  // A failure is told by the first catchUp that waits for it.
  opened.catch(() => {});
  const none: Carry = { seq: 0, alarms: [], applications: [] };
  return {
    async catchUp() {
      await opened;
      indexed = await calls.call<number>('catchUp');
    },
    carryAt: (seq) => reads?.carryAt(seq, indexed) ?? none,
    restartAtOrBefore: (family, subject, seq) => reads?.restartAtOrBefore(family, subject, seq) ?? null,
    first: (family, subject) => reads?.first(family, subject) ?? null,
    close() {
      closed = true;
      (db as Database.Database | null)?.close();
      void calls.close();
    },
  };
}
