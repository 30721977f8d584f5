/**
 * Reads an asset ledger in a worker thread (see readLedgerInWorker): the
 * files and the fleet to read them against come as workerData, the outcome
 * or the refusal goes back as one message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ApiError } from '../../shared/api/frames';
import { type LedgerJob, type LedgerWorkerReply, readLedgerFiles } from './ledger-read';

const post = (reply: LedgerWorkerReply) => parentPort?.postMessage(reply);

readLedgerFiles(workerData as LedgerJob).then(
  (outcome) => post({ ok: true, outcome }),
  (error: unknown) =>
    post(
      error instanceof ApiError
        ? { ok: false, code: error.code, message: error.message }
        : { ok: false, code: 'internal', message: error instanceof Error ? error.message : String(error) },
    ),
);
