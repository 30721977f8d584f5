/**
 * The report period index built in a worker thread (issue 16): folding five
 * years of duty events takes seconds, and on the engine's thread its
 * commits (a WAL checkpoint's fsync) and the garbage of the events it reads
 * paused the event loop 30–100 ms at a time. Here the worker reads the
 * journal through its own read-only connection (WAL lets it read while the
 * engine appends) and is the only writer of the index file; the engine
 * reads the index's rows through its own connection once told how far it
 * reaches (period-index-client.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { Journal } from '../store/journal';
import { serveCalls } from '../store/worker-calls';
import { PeriodIndex } from './period-index';

export type PeriodWorkerData = { journalFile: string; indexFile: string; boundary?: number };

if (parentPort) {
  const data = workerData as PeriodWorkerData;
  let journal: Journal | null = null;
  let index: PeriodIndex | null = null;
  const { log } = serveCalls(parentPort, {
    /** Whether the index could be opened or made; false: reports go without it. */
    open: () => {
      journal = new Journal(new Database(data.journalFile, { readonly: true, fileMustExist: true }));
      index = PeriodIndex.open(journal, data.indexFile, {
        log,
        ...(data.boundary ? { boundary: data.boundary } : {}),
      });
      return index !== null;
    },
    /** Caught up; the seq the index now reaches. */
    catchUp: async () => {
      if (!index) throw new Error('the index is not open');
      await index.catchUp();
      return index.indexedTo();
    },
    close: () => {
      index?.close();
      journal?.close();
    },
  });
}
