import { closeSync, openSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { GENESIS_HASH } from '../../shared/journal/event';
import { Journal } from '../store/journal';
import { fileSha256 } from './layout';

/**
 * The heavy parts of a backup, as jobs the backup worker runs on its own
 * thread and heap (worker.ts): copying, reading and hashing gigabytes is
 * the worker's time and the worker's garbage, never a pause of the engine's
 * event loop. Tests and tools without the built worker run them here.
 */
export type BackupJob =
  /** The journal's online copy, then its chain head and SHA-256. */
  | { kind: 'journal-copy'; source: string; target: string }
  | { kind: 'sha256'; file: string }
  /** Journal events afterSeq+1…toSeq to an NDJSON file. */
  | { kind: 'increment'; source: string; target: string; afterSeq: number; toSeq: number };

export type ChainHead = { seq: number; hash: string; deskId: string };
export type JournalCopy = { head: ChainHead; sha256: string };

export type BackupJobResult<J extends BackupJob> = J extends { kind: 'journal-copy' }
  ? JournalCopy
  : J extends { kind: 'sha256' }
    ? string
    : null;

/** Runs one job with its own read-only connection to the journal (WAL lets it read while the engine appends). */
export async function runBackupJob(job: BackupJob): Promise<JournalCopy | string | null> {
  switch (job.kind) {
    case 'journal-copy':
      return copyJournalFile(job.source, job.target);
    case 'sha256':
      return fileSha256(job.file);
    case 'increment': {
      const db = new Database(job.source, { readonly: true, fileMustExist: true });
      try {
        await writeIncrement(
          new Journal(db),
          job.target,
          job.afterSeq,
          job.toSeq,
          WORKER_PAGE,
          async () => {},
        );
      } finally {
        db.close();
      }
      return null;
    }
  }
}

/** Events per read on the worker's thread, where no one waits between pages. */
const WORKER_PAGE = 5_000;

async function copyJournalFile(source: string, target: string): Promise<JournalCopy> {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    // All remaining pages in one step: between steps an append by the engine would restart the copy.
    await db.backup(target, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  return { head: chainHead(target), sha256: await fileSha256(target) };
}

/** The last event and desk id of a journal copy, read without changing the file. */
export function chainHead(file: string): ChainHead {
  const db = new Database(file, { readonly: true });
  try {
    const journal = new Journal(db);
    const last = journal.last();
    return { seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH, deskId: journal.deskId };
  } finally {
    db.close();
  }
}

/**
 * Writes events afterSeq+1…toSeq to `target`, one JSON event per line,
 * exactly as stored (hashes included), `page` events per read, awaiting
 * `between` after each page.
 */
export async function writeIncrement(
  journal: Journal,
  target: string,
  afterSeq: number,
  toSeq: number,
  page: number,
  between: () => Promise<void>,
): Promise<void> {
  const fd = openSync(target, 'w');
  try {
    let at = afterSeq;
    while (at < toSeq) {
      const events = journal.read({ afterSeq: at, limit: Math.min(page, toSeq - at) });
      if (events.length === 0) break;
      writeSync(fd, `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
      at = events[events.length - 1]?.seq ?? toSeq;
      await between();
    }
  } finally {
    closeSync(fd);
  }
}
