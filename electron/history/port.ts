import type { HistoryQuery, HistoryResult } from '../../shared/api/history';
import type { PointSample } from '../../shared/api/model';
import type { HistoryStoreView } from '../../shared/api/store';
import type { HistoryStore } from './store';

/**
 * Telemetry history as the rest of the engine uses it, wherever the store
 * runs: in a worker thread (the desk), so that writing, rolling up and
 * pruning years of samples never holds the engine's event loop, or on the
 * engine's own thread (tests and tools without the built worker).
 */
export type HistoryPort = {
  /** Takes samples; never waits for the disk. */
  record(samples: readonly PointSample[]): void;
  query(q: HistoryQuery): Promise<HistoryResult>;
  status(): HistoryStoreView;
  /** Everything recorded so far is on disk and in the rollups (see HistoryStore.settle). */
  settle(): Promise<void>;
  /** Online copy to `file`, consistent while samples keep arriving. */
  backup(file: string): Promise<void>;
  close(): Promise<void>;
};

/** The store on this thread behind the same port. */
export function localHistory(store: HistoryStore): HistoryPort {
  return {
    record: (samples) => store.record(samples),
    query: async (q) => store.query(q),
    status: () => store.status(),
    settle: () => store.settle(),
    backup: (file) => store.backup(file),
    close: async () => store.close(),
  };
}

/** A history that could not be opened: empty, with the reason in its status. */
export function unkeptHistory(error: string): HistoryPort {
  const refuse = () => Promise.reject(new Error(error));
  return {
    record: () => undefined,
    query: refuse,
    status: () => ({ bytes: 0, rawRows: 0, oldestRawTs: null, pending: 0, dropped: 0, error }),
    settle: async () => undefined,
    backup: refuse,
    close: async () => undefined,
  };
}
