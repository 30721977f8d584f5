import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as turn } from 'node:timers/promises';
import type { Journal } from '../store/journal';
import { fsyncPathAsync } from './durable';
import { inBackupWorker } from './in-worker';
import { writeIncrement } from './jobs';
import { incrementalName } from './layout';

/** Events per turn of the event loop on this thread: a page of 1,000 took 30–60 ms to read and write on a busy desk. */
const PAGE = 200;

/**
 * Writes every journal event after `afterSeq` to one NDJSON file, each line
 * the event exactly as stored, hashes included, so a restore can check
 * every line against the chain. Returns null when there is nothing new.
 * After a storm or a long outage an increment holds hundreds of thousands
 * of events, seconds of reading and writing: the desk gives them to the
 * backup worker; without it (tests, tools) this thread writes them a page
 * per turn of the event loop.
 */
export async function takeIncrementalBackup(
  journal: Journal,
  dir: string,
  afterSeq: number,
  backupWorker: string | URL | null = null,
): Promise<{ file: string; fromSeq: number; toSeq: number } | null> {
  const toSeq = journal.count();
  if (toSeq <= afterSeq) return null;
  mkdirSync(dir, { recursive: true });
  const name = incrementalName(afterSeq + 1, toSeq);
  const work = join(dir, `.${name}`);
  try {
    if (backupWorker) {
      await inBackupWorker(backupWorker, {
        kind: 'increment',
        source: journal.file,
        target: work,
        afterSeq,
        toSeq,
      });
    } else {
      await writeIncrement(journal, work, afterSeq, toSeq, PAGE, () => turn());
    }
  } catch (error) {
    rmSync(work, { force: true });
    throw error;
  }
  await fsyncPathAsync(work);
  const file = join(dir, name);
  renameSync(work, file);
  await fsyncPathAsync(dir);
  return { file, fromSeq: afterSeq + 1, toSeq };
}
