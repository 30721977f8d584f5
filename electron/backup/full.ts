import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HistoryPort } from '../history/port';
import type { Journal } from '../store/journal';
import { fsyncPathAsync } from './durable';
import { inBackupWorker } from './in-worker';
import { chainHead, type JournalCopy } from './jobs';
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
  /** The built backup worker (out/main/backup-worker.js); without it the journal is copied and hashed on this thread. */
  backupWorker: string | URL | null = null,
): Promise<{ dir: string; manifest: FullManifest }> {
  mkdirSync(dir, { recursive: true });
  let name = fullName(now);
  for (let n = 2; existsSync(join(dir, name)); n++) name = `${fullName(now)}-${n}`;
  const work = join(dir, `.${name}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work);
  const sha256 = (file: string) =>
    backupWorker ? inBackupWorker(backupWorker, { kind: 'sha256', file }) : fileSha256(file);
  try {
    const journalCopy = join(work, JOURNAL_FILE);
    const copied = await copyJournal(journal, journalCopy, backupWorker);
    let historyPart: FullManifest['history'] = null;
    // A history that is not being kept (its file would not open) is left out, as a desk without one is.
    if (history && history.status().error === null) {
      const historyCopy = join(work, HISTORY_FILE);
      await history.backup(historyCopy);
      await fsyncPathAsync(historyCopy);
      historyPart = { file: HISTORY_FILE, sha256: await sha256(historyCopy) };
    }
    await fsyncPathAsync(journalCopy);
    const manifest: FullManifest = {
      format: 'dutydesk-backup',
      version: 1,
      kind: 'full',
      createdAt: now,
      deskId: copied.head.deskId,
      journal: {
        file: JOURNAL_FILE,
        sha256: copied.sha256,
        lastSeq: copied.head.seq,
        lastHash: copied.head.hash,
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

/** The journal's online copy with its head and hash: in the backup worker when there is one, else here. */
async function copyJournal(
  journal: Journal,
  target: string,
  worker: string | URL | null,
): Promise<JournalCopy> {
  if (worker) return inBackupWorker(worker, { kind: 'journal-copy', source: journal.file, target });
  await journal.backup(target);
  return { head: chainHead(target), sha256: await fileSha256(target) };
}
