/**
 * One pass of the early-warning detectors in a worker thread: reading a
 * month of rollups for every device takes seconds on a large fleet, and
 * that time must not be the engine's.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type ScanInput, scanHistory } from './scan';

export type FromWarningsWorker =
  | { ok: true; findings: ReturnType<typeof scanHistory> }
  | { ok: false; error: string };

if (parentPort) {
  let reply: FromWarningsWorker;
  try {
    reply = { ok: true, findings: scanHistory(workerData as ScanInput) };
  } catch (error) {
    reply = { ok: false, error: (error as Error).message };
  }
  parentPort.postMessage(reply);
}
