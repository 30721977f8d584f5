import { Worker } from 'node:worker_threads';
import type { BackupJob, BackupJobResult } from './jobs';
import type { BackupWorkerMessage } from './worker';

/** Runs `job` in a thread of the built backup worker (out/main/backup-worker.js) and gives its result. */
export function inBackupWorker<J extends BackupJob>(
  workerFile: string | URL,
  job: J,
): Promise<BackupJobResult<J>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile, { workerData: job });
    let settled = false;
    const settle = (outcome: { value: unknown } | { error: Error }) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if ('error' in outcome) reject(outcome.error);
      else resolve(outcome.value as BackupJobResult<J>);
    };
    worker.on('message', (message: BackupWorkerMessage) =>
      settle(message.kind === 'done' ? { value: message.value } : { error: new Error(message.error) }),
    );
    worker.on('error', (error) => settle({ error }));
    worker.on('exit', (code) =>
      settle({ error: new Error(`the backup worker stopped (exit code ${code})`) }),
    );
  });
}
