import { Worker } from 'node:worker_threads';
import type { HistoryResult } from '../../shared/api/history';
import type { HistoryStoreView } from '../../shared/api/store';
import type { RetentionLook } from '../clock-steps/retention-clock';
import type { HistoryPort } from './port';
import type { FromHistoryWorker, HistoryWorkerData, ToHistoryWorker } from './worker';

type Call = Exclude<ToHistoryWorker, { kind: 'record' }>;
/** A call before it is given its id (Omit on each member, not on the union). */
type Unnumbered = Call extends infer C ? (C extends Call ? Omit<C, 'id'> : never) : never;
type Waiting = { resolve(value: unknown): void; reject(error: Error): void };

const EMPTY: HistoryStoreView = {
  bytes: 0,
  rawRows: 0,
  oldestRawTs: null,
  pending: 0,
  dropped: 0,
  error: null,
};

/**
 * History kept by a worker thread (worker.ts). Until the worker has opened
 * the file, and after it failed, the port answers from what it knows: a
 * history that cannot be kept is reported in its status, never fatal, as
 * trends are worth less than a running desk.
 */
export function historyInWorker(
  workerFile: string | URL,
  data: HistoryWorkerData,
  onError: (message: string) => void,
  onPruningHeld: (held: Extract<RetentionLook, { ok: false }>) => void = () => {},
): HistoryPort {
  const worker = new Worker(workerFile, { workerData: data });
  const waiting = new Map<number, Waiting>();
  let view = EMPTY;
  let failure: string | null = null;
  let closing = false;
  let nextId = 1;

  const fail = (message: string) => {
    if (failure) return;
    failure = message;
    onError(message);
    for (const w of waiting.values()) w.reject(new Error(message));
    waiting.clear();
  };

  worker.on('message', (message: FromHistoryWorker) => {
    switch (message.kind) {
      case 'opened':
        return;
      case 'open-failed':
        fail(`telemetry history is not being kept: ${message.error}`);
        return;
      case 'status':
        view = message.view;
        return;
      case 'error':
        onError(message.error);
        return;
      case 'pruning-held':
        onPruningHeld(message.held);
        return;
      case 'reply': {
        const w = waiting.get(message.id);
        waiting.delete(message.id);
        if (message.ok) w?.resolve(message.value);
        else w?.reject(new Error(message.error));
      }
    }
  });
  worker.on('error', (error) =>
    fail(`telemetry history is not being kept: the history worker failed: ${error.message}`),
  );
  worker.on('exit', (code) => {
    if (!closing) fail(`telemetry history is not being kept: the history worker stopped (exit code ${code})`);
  });

  const call = <T>(message: Unnumbered): Promise<T> => {
    if (failure) return Promise.reject(new Error(failure));
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...message, id } as Call);
    });
  };

  return {
    record(samples) {
      if (!failure && !closing) worker.postMessage({ kind: 'record', samples } satisfies ToHistoryWorker);
    },
    query: (query) => call<HistoryResult>({ kind: 'query', query }),
    status: () => (failure ? { ...view, error: failure } : view),
    settle: () => call<void>({ kind: 'settle' }),
    backup: (file) => call<void>({ kind: 'backup', file }),
    async close() {
      if (closing) return;
      const closed = call<void>({ kind: 'close' });
      closing = true;
      try {
        // The worker writes what it buffered before it goes.
        await closed;
      } catch {
        // A worker that already failed has nothing left to write.
      } finally {
        await worker.terminate();
      }
    },
  };
}
