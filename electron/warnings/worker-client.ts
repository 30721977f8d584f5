import { Worker } from 'node:worker_threads';
import type { Finding } from '../../shared/warning/model';
import { type ScanInput, scanHistory } from './scan';
import type { FromWarningsWorker } from './worker';

/** Runs one pass in a worker thread when the built worker is there, else in this thread (tests under vitest). */
export function scanner(workerFile: URL | null): (input: ScanInput) => Promise<Finding[]> {
  if (!workerFile) return async (input) => scanHistory(input);
  return (input) =>
    new Promise<Finding[]>((resolve, reject) => {
      const worker = new Worker(workerFile, { workerData: input });
      let done = false;
      worker.once('message', (reply: FromWarningsWorker) => {
        done = true;
        if (reply.ok) resolve(reply.findings);
        else reject(new Error(reply.error));
      });
      worker.once('error', (error) => {
        done = true;
        reject(error);
      });
      worker.once('exit', (code) => {
        if (!done) reject(new Error(`the warnings worker stopped without an answer (exit code ${code})`));
      });
    });
}
