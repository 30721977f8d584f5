import {
  copyFileSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { GENESIS_HASH, JournalEvent } from '../../shared/journal/event';
import { Journal } from '../store/journal';
import { fsyncPath } from './durable';
import { fileSha256, HISTORY_FILE, type IncrementalBackup, JOURNAL_FILE, scanBackups } from './layout';

export type RestoreOptions = {
  /** The backup folder (as configured in `backup.dir`). */
  from: string;
  /** The data folder to rebuild. */
  data: string;
  /** Restore into a data folder that is not empty; what was there is moved aside, not deleted. */
  force?: boolean;
  now?: () => number;
};

export type RestoreReport = {
  full: string;
  incrementals: string[];
  events: number;
  lastSeq: number;
  lastHash: string;
  history: boolean;
  /** Where the data folder's previous contents went (with force), or null. */
  movedAside: string | null;
};

/** A restore that cannot go ahead; the message says why and what to do. */
export class RestoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreError';
  }
}

const BATCH = 1000;

/**
 * Rebuilds a data folder from the newest full backup plus the journal
 * increments after it. Every file is checked against the manifest's SHA-256
 * and every event against the hash chain before the data folder is touched:
 * the work happens in a hidden folder inside it and is moved into place
 * only when the whole chain verifies. A gap in the increments stops the
 * restore; nothing is guessed.
 */
export async function restore(options: RestoreOptions): Promise<RestoreReport> {
  const from = resolve(options.from);
  const data = resolve(options.data);
  const now = options.now ?? Date.now;
  if (!existsSync(from)) throw new RestoreError(`${from}: no such backup folder`);
  let found: ReturnType<typeof scanBackups>;
  try {
    found = scanBackups(from);
  } catch (error) {
    throw new RestoreError((error as Error).message);
  }
  const { fulls, incrementals } = found;
  const full = fulls[fulls.length - 1];
  if (!full) throw new RestoreError(`${from}: no full backup (full-…/manifest.json) to restore from`);

  mkdirSync(data, { recursive: true });
  // The backup folder may live inside the data folder (the default): it stays where it is.
  const present = readdirSync(data).filter(
    (name) => !name.startsWith('.restore-') && resolve(data, name) !== from,
  );
  if (present.length > 0 && !options.force) {
    throw new RestoreError(
      `${data} is not empty (${present.slice(0, 5).join(', ')}${present.length > 5 ? ', …' : ''}); ` +
        'stop the desk and pass --force to move its contents aside into a replaced-… folder and restore',
    );
  }

  const stamp = new Date(now()).toISOString().replace(/[-:.]/g, '');
  const work = join(data, `.restore-${stamp}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work);
  try {
    const { manifest } = full;
    const journalCopy = join(work, JOURNAL_FILE);
    copyFileSync(join(full.dir, manifest.journal.file), journalCopy);
    if ((await fileSha256(journalCopy)) !== manifest.journal.sha256) {
      throw new RestoreError(
        `${join(full.dir, JOURNAL_FILE)}: SHA-256 differs from its manifest; the backup is damaged`,
      );
    }
    if (manifest.history) {
      const historyCopy = join(work, HISTORY_FILE);
      copyFileSync(join(full.dir, manifest.history.file), historyCopy);
      if ((await fileSha256(historyCopy)) !== manifest.history.sha256) {
        throw new RestoreError(
          `${join(full.dir, HISTORY_FILE)}: SHA-256 differs from its manifest; the backup is damaged`,
        );
      }
    }
    const journal = Journal.open(journalCopy);
    let report: Omit<RestoreReport, 'movedAside'>;
    try {
      const base = journal.verify();
      if (!base.ok) {
        throw new RestoreError(
          `${full.dir}: the full backup's chain is broken at seq ${base.brokenAt}: ${base.reason}`,
        );
      }
      if (
        base.count !== manifest.journal.lastSeq ||
        (journal.last()?.hash ?? GENESIS_HASH) !== manifest.journal.lastHash
      ) {
        throw new RestoreError(
          `${full.dir}: the journal does not end where its manifest says (seq ${manifest.journal.lastSeq})`,
        );
      }
      const applied = await applyIncrementals(journal, incrementals);
      // The full copy's chain was checked above and each increment's events as they were appended: the tail is read back once.
      const end = journal.verify({ seq: base.count, hash: manifest.journal.lastHash });
      if (!end.ok) throw new RestoreError(`restored chain broken at seq ${end.brokenAt}: ${end.reason}`);
      const last = journal.last();
      report = {
        full: full.dir,
        incrementals: applied,
        events: end.count,
        lastSeq: last?.seq ?? 0,
        lastHash: last?.hash ?? GENESIS_HASH,
        history: manifest.history !== null,
      };
    } finally {
      journal.close();
    }
    const movedAside = present.length > 0 ? moveAside(data, present, stamp) : null;
    for (const name of readdirSync(work)) renameSync(join(work, name), join(data, name));
    fsyncPath(data);
    rmSync(work, { recursive: true, force: true });
    return { ...report, movedAside };
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
}

/** Applies the increments that continue the chain, in order; a gap is an error. */
async function applyIncrementals(
  journal: Journal,
  incrementals: readonly IncrementalBackup[],
): Promise<string[]> {
  const applied: string[] = [];
  for (const increment of incrementals) {
    const have = journal.count();
    if (increment.toSeq <= have) continue;
    if (increment.fromSeq > have + 1) {
      throw new RestoreError(
        `journal events ${have + 1}–${increment.fromSeq - 1} are in no backup (next is ${increment.file}); ` +
          'restore stopped, nothing was written to the data folder',
      );
    }
    let batch: JournalEvent[] = [];
    let line = 0;
    const lines = createInterface({
      input: createReadStream(increment.file),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    for await (const text of lines) {
      line++;
      if (text.trim() === '') continue;
      const event = parseLine(increment.file, line, text);
      if (event.seq <= have) continue;
      batch.push(event);
      if (batch.length >= BATCH) {
        append(journal, increment.file, batch);
        batch = [];
      }
    }
    append(journal, increment.file, batch);
    if (journal.count() < increment.toSeq) {
      throw new RestoreError(
        `${increment.file}: ends at seq ${journal.count()}, its name says ${increment.toSeq}`,
      );
    }
    applied.push(increment.file);
  }
  return applied;
}

function parseLine(file: string, line: number, text: string): JournalEvent {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new RestoreError(`${file}:${line}: not JSON; the backup is damaged`);
  }
  const parsed = JournalEvent.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RestoreError(
      `${file}:${line}: ${issue?.path.join('.') || 'event'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

function append(journal: Journal, file: string, batch: readonly JournalEvent[]): void {
  try {
    journal.appendVerbatim(batch);
  } catch (error) {
    throw new RestoreError(`${file}: ${(error as Error).message}`);
  }
}

function moveAside(data: string, names: readonly string[], stamp: string): string {
  const aside = join(data, `replaced-${stamp}`);
  mkdirSync(aside);
  for (const name of names) renameSync(join(data, name), join(aside, name));
  fsyncPath(aside);
  return aside;
}
