/**
 * The backup worker: one job (jobs.ts) per thread, started for it and
 * ended after it. Copying, hashing and writing increments of a journal of
 * gigabytes happen here, so that the engine's thread only waits for the
 * answer: on that thread they held every screen for hundreds of
 * milliseconds at a time (the copy's final commit, the hashing's buffers
 * and collections, the increment's reads).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { asBackgroundThread } from '../../node/thread-priority';
import { type BackupJob, runBackupJob } from './jobs';

export type BackupWorkerMessage = { kind: 'done'; value: unknown } | { kind: 'failed'; error: string };

if (parentPort) {
  const port = parentPort;
  asBackgroundThread();
  runBackupJob(workerData as BackupJob).then(
    (value) => port.postMessage({ kind: 'done', value } satisfies BackupWorkerMessage),
    (error: unknown) =>
      port.postMessage({ kind: 'failed', error: (error as Error).message } satisfies BackupWorkerMessage),
  );
}
