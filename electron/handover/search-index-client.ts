import type { Logger } from '../log/logger';
import { callWorker } from '../store/worker-calls';
import type { SearchIndexPort } from './search-index';
import type { SearchWorkerData } from './search-index-worker';

/**
 * The handover search index kept by a worker (search-index-worker.ts).
 * Search must go on when the worker cannot: once it fails or cannot open
 * its file, every call goes to `fallback` (an index on this thread), made
 * on first need, with the reason logged once.
 */
export function searchIndexInWorker(
  workerFile: string | URL,
  data: SearchWorkerData,
  fallback: () => SearchIndexPort,
  options: { log?: Logger; after?: Promise<unknown> } = {},
): SearchIndexPort {
  const { log } = options;
  const calls = callWorker(workerFile, data, 'handover search index', options);
  let local: SearchIndexPort | null = null;
  // False when the worker could not open or make the file (or failed before it could say).
  const opened = calls.call<boolean>('open').catch(() => false);
  const through = async <T>(remote: () => Promise<T>, here: (index: SearchIndexPort) => Promise<T>) => {
    if (!local) {
      let reason: string;
      if (await opened) {
        try {
          return await remote();
        } catch (error) {
          // A worker that is still there refused this one call: its error is the answer.
          if (calls.failure() === null) throw error;
          reason = (error as Error).message;
        }
      } else {
        reason = calls.failure() ?? `handover search index: ${data.indexFile} cannot be made in its worker`;
      }
      log?.warn(`${reason}; the search index is kept on the engine's thread`);
      void calls.close();
      local ??= fallback();
    }
    return here(local);
  };
  return {
    catchUp: (schedule) =>
      through(
        () => calls.call<void>('catchUp', schedule),
        (index) => index.catchUp(schedule),
      ),
    search: (query, limit, schedule) =>
      through(
        () => calls.call('search', { query, limit, schedule }),
        (index) => index.search(query, limit, schedule),
      ),
    close() {
      local?.close();
      void calls.close();
    },
  };
}
