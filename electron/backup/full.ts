import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { GENESIS_HASH } from '../../shared/journal/event';
import type { HistoryPort } from '../history/port';
import { Journal } from '../store/journal';
import { copyJournal } from './copy';
import { fsyncPathAsync } from './durable';
import { type FullManifest, fileSha256, fullName, HISTORY_FILE, JOURNAL_FILE, MANIFEST } from './layout';

/**
 * A full backup: online copies (SQLite backup API) of the journal and the
 * history, taken while the desk keeps running, plus a manifest naming the
 * last journal event the copy holds and each file's SHA-256. The copy is
 * built in a hidden folder and renamed into place only when complete, so a
 * crash mid-backup never leaves something that looks like a backup.
 */
export async function takeFullBackup(
  journal: Journal,
  history: Pick<HistoryPort, 'backup' | 'status'> | null,
  dir: string,
  now: number,
  /** The built copy worker (out/main/backup-worker.js); without it the journal is copied on this thread. */
  copyWorker: string | URL | null = null,
): Promise<{ dir: string; manifest: FullManifest }> {
  mkdirSync(dir, { recursive: true });
  let name = fullName(now);
  for (let n = 2; existsSync(join(dir, name)); n++) name = `${fullName(now)}-${n}`;
  const work = join(dir, `.${name}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work);
  try {
    const journalCopy = join(work, JOURNAL_FILE);
    await copyJournal(journal, journalCopy, copyWorker);
    const head = chainHead(journalCopy);
    let historyPart: FullManifest['history'] = null;
    // A history that is not being kept (its file would not open) is left out, as a desk without one is.
    if (history && history.status().error === null) {
      const historyCopy = join(work, HISTORY_FILE);
      await history.backup(historyCopy);
      await fsyncPathAsync(historyCopy);
      historyPart = { file: HISTORY_FILE, sha256: await fileSha256(historyCopy) };
    }
    await fsyncPathAsync(journalCopy);
    const manifest: FullManifest = {
      format: 'dutydesk-backup',
      version: 1,
      kind: 'full',
      createdAt: now,
      deskId: head.deskId,
      journal: {
        file: JOURNAL_FILE,
        sha256: await fileSha256(journalCopy),
        lastSeq: head.seq,
        lastHash: head.hash,
      },
      history: historyPart,
    };
    writeFileSync(join(work, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    await fsyncPathAsync(join(work, MANIFEST));
    await fsyncPathAsync(work);
    const final = join(dir, name);
    renameSync(work, final);
    await fsyncPathAsync(dir);
    return { dir: final, manifest };
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
}

/** The last event and desk id of a journal copy, read without changing the file. */
function chainHead(file: string): { seq: number; hash: string; deskId: string } {
  const db = new Database(file, { readonly: true });
  try {
    const journal = new Journal(db);
    const last = journal.last();
    return { seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH, deskId: journal.deskId };
  } finally {
    db.close();
  }
}
