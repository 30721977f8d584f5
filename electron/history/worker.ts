/**
 * The history store in a worker thread. Rolling up a backlog of samples
 * takes a couple of hundred milliseconds per chunk; here that time is the
 * worker's, and the engine's thread only posts samples and asks questions.
 * The worker owns the only writing connection to history.sqlite.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { asBackgroundThread } from '../../node/thread-priority';
import type { HistoryQuery } from '../../shared/api/history';
import type { PointSample } from '../../shared/api/model';
import type { HistoryRetention } from '../../shared/config/schema';
import type { RetentionLook } from '../clock-steps/retention-clock';
import { HistoryStore } from './store';

export type HistoryWorkerData = { file: string; retention: HistoryRetention; statusEveryMs?: number };

export type ToHistoryWorker =
  | { kind: 'record'; samples: readonly PointSample[] }
  | { kind: 'query'; id: number; query: HistoryQuery }
  | { kind: 'settle'; id: number }
  | { kind: 'backup'; id: number; file: string }
  | { kind: 'close'; id: number };

export type FromHistoryWorker =
  | { kind: 'opened' }
  | { kind: 'open-failed'; error: string }
  | { kind: 'status'; view: ReturnType<HistoryStore['status']> }
  | { kind: 'error'; error: string }
  | { kind: 'pruning-held'; held: Extract<RetentionLook, { ok: false }> }
  | { kind: 'reply'; id: number; ok: true; value?: unknown }
  | { kind: 'reply'; id: number; ok: false; error: string };

function serve(port: NonNullable<typeof parentPort>, data: HistoryWorkerData): void {
  const post = (message: FromHistoryWorker) => port.postMessage(message);
  let store: HistoryStore;
  try {
    store = HistoryStore.open(data.file, {
      retention: data.retention,
      onError: (error) => post({ kind: 'error', error: error.message }),
      onPruningHeld: (held) => post({ kind: 'pruning-held', held }),
    });
  } catch (error) {
    post({ kind: 'open-failed', error: (error as Error).message });
    return;
  }
  post({ kind: 'opened' });
  const sendStatus = () => post({ kind: 'status', view: store.status() });
  sendStatus();
  const timer = setInterval(sendStatus, data.statusEveryMs ?? 1000);
  const answer = async (id: number, work: () => unknown) => {
    try {
      post({ kind: 'reply', id, ok: true, value: await work() });
    } catch (error) {
      post({ kind: 'reply', id, ok: false, error: (error as Error).message });
    }
  };
  port.on('message', (message: ToHistoryWorker) => {
    switch (message.kind) {
      case 'record':
        store.record(message.samples);
        return;
      case 'query':
        void answer(message.id, () => store.query(message.query));
        return;
      case 'settle':
        void answer(message.id, () => store.settle());
        return;
      case 'backup':
        void answer(message.id, () => store.backup(message.file));
        return;
      case 'close':
        clearInterval(timer);
        void answer(message.id, () => store.close()).then(() => port.close());
        return;
    }
  });
}

if (parentPort) {
  // Roll-ups of a backlog take seconds of a core; the engine's thread comes first (trend queries wait a little).
  asBackgroundThread();
  serve(parentPort, workerData as HistoryWorkerData);
}
