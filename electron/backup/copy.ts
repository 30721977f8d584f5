import { Worker } from 'node:worker_threads';
import type { Journal } from '../store/journal';
import type { CopyWorkerData, CopyWorkerMessage } from './copy-worker';

/**
 * An online copy of the journal file to `target`: in the built copy worker
 * when there is one (the desk), else on this thread (tests, tools).
 */
export function copyJournal(
  journal: Journal,
  target: string,
  workerFile: string | URL | null,
): Promise<void> {
  if (!workerFile) return journal.backup(target);
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile, {
      workerData: { source: journal.file, target } satisfies CopyWorkerData,
    });
    let settled = false;
    const settle = (error: Error | null) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (error) reject(error);
      else resolve();
    };
    worker.on('message', (message: CopyWorkerMessage) =>
      settle(message.kind === 'done' ? null : new Error(message.error)),
    );
    worker.on('error', (error) => settle(error));
    worker.on('exit', (code) => settle(new Error(`the backup copy worker stopped (exit code ${code})`)));
  });
}
