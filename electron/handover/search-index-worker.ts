/**
 * The handover search index kept in a worker thread (issue 16): its first
 * build over five years of shifts paused the engine 40–90 ms at a time
 * (commits and the garbage of the records it folds). The worker reads the
 * journal through its own read-only connection (WAL lets it read while the
 * engine appends), owns the index file, and answers searches from it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { ShiftSchedule } from '../../shared/handover/schedule';
import type { HandoverQuery } from '../../shared/handover/search';
import { Journal } from '../store/journal';
import { serveCalls } from '../store/worker-calls';
import { HandoverSearchIndex } from './search-index';

export type SearchWorkerData = { journalFile: string; indexFile: string };

if (parentPort) {
  const data = workerData as SearchWorkerData;
  let journal: Journal | null = null;
  let index: HandoverSearchIndex | null = null;
  const opened = () => {
    if (!index) throw new Error('the index is not open');
    return index;
  };
  const { log } = serveCalls(parentPort, {
    /** Whether the index could be opened or made. */
    open: () => {
      journal = new Journal(new Database(data.journalFile, { readonly: true, fileMustExist: true }));
      index = HandoverSearchIndex.open(journal, data.indexFile, { log });
      return index !== null;
    },
    catchUp: (schedule: ShiftSchedule) => opened().catchUp(schedule),
    search: (p: { query: HandoverQuery; limit: number; schedule: ShiftSchedule }) =>
      opened().search(p.query, p.limit, p.schedule),
    close: () => {
      index?.close();
      journal?.close();
    },
  });
}
