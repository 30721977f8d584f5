/**
 * The whole-chain check in a worker thread: millions of events take
 * seconds of hashing, which on the engine's thread would stall the poller
 * and every screen. The worker opens its own read-only connection (WAL lets
 * it read while the engine appends) and reports progress and the outcome.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { asBackgroundThread } from '../../node/thread-priority';
import { CHAIN_START, Journal } from './journal';

export type VerifyWorkerMessage =
  | { kind: 'progress'; checked: number; total: number }
  | { kind: 'done'; ok: true; seq: number; hash: string }
  | { kind: 'done'; ok: false; brokenAt: number; reason: string }
  | { kind: 'failed'; error: string };

const CHUNK = 5_000;
const PROGRESS_EVERY_MS = 500;

function run(file: string, post: (message: VerifyWorkerMessage) => void): void {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const journal = new Journal(db);
    const total = journal.count();
    let at = CHAIN_START;
    let sentAt = 0;
    for (;;) {
      const step = journal.verifyChunk(at, CHUNK);
      if (!step.ok) {
        post({ kind: 'done', ok: false, brokenAt: step.brokenAt, reason: step.reason });
        return;
      }
      if (step.checked === 0) {
        post({ kind: 'done', ok: true, seq: at.seq, hash: at.hash });
        return;
      }
      at = step.last;
      if (Date.now() - sentAt >= PROGRESS_EVERY_MS) {
        sentAt = Date.now();
        post({ kind: 'progress', checked: at.seq, total: Math.max(total, at.seq) });
      }
    }
  } finally {
    db.close();
  }
}

if (parentPort) {
  const port = parentPort;
  // Hashing millions of events can wait; the engine's thread beside it cannot.
  asBackgroundThread();
  const post = (message: VerifyWorkerMessage) => port.postMessage(message);
  try {
    run(String((workerData as { file: string }).file), post);
  } catch (error) {
    post({ kind: 'failed', error: (error as Error).message });
  }
}
