/**
 * The journal's online copy for a full backup, in a worker thread. The
 * SQLite backup ends by committing the copy, which flushes gigabytes to
 * the disk in one call: on the engine's thread that held every screen for
 * hundreds of milliseconds. The worker opens its own read-only connection
 * and copies in one step, one read transaction, so the copy is one
 * consistent moment of the journal while the engine goes on appending.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

export type CopyWorkerData = { source: string; target: string };
export type CopyWorkerMessage = { kind: 'done' } | { kind: 'failed'; error: string };

async function copy({ source, target }: CopyWorkerData): Promise<void> {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    // All remaining pages in one step: between steps an append by the engine would restart the copy.
    await db.backup(target, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
}

if (parentPort) {
  const port = parentPort;
  copy(workerData as CopyWorkerData).then(
    () => port.postMessage({ kind: 'done' } satisfies CopyWorkerMessage),
    (error: unknown) =>
      port.postMessage({ kind: 'failed', error: (error as Error).message } satisfies CopyWorkerMessage),
  );
}
