import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Logger } from '../log/logger';
import { CHAIN_START, type ChainPoint } from './journal';

/** What derived data needs of its journal: whose it is, and the chain at a seq. */
export type DerivedSource = {
  readonly deskId: string;
  pointAt(seq: number): ChainPoint | null;
};

const META = 'CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;';

/**
 * Opens a file of data derived from the journal (a period index, a search
 * index), or makes it anew: one of another version, of another desk, whose
 * last covered event is not the journal's event at that seq (a journal
 * restored from an older copy), that will not open, or that `make` cannot
 * continue is deleted and made again, with a warning. The journal alone is
 * the record, so deleting the file costs only the time to fold it again.
 * ':memory:' keeps it in memory, for desks without a journal file. Null
 * when it cannot be made at all: the caller goes without it.
 */
export function openDerived<T>(options: {
  file: string;
  what: string;
  version: number;
  schema: string;
  source: DerivedSource;
  log?: Logger | undefined;
  /** The holder, over a file that is new (`seq` 0) or matches the journal at `seq`; a reason when it cannot go on. */
  make: (db: Database.Database, seq: number, meta: ReadonlyMap<string, string>) => T | string;
}): T | null {
  const { file, what, log } = options;
  const inMemory = file === ':memory:';
  for (let attempt = 0; attempt < 2; attempt++) {
    let db: Database.Database | null = null;
    try {
      db = new Database(file);
      if (!inMemory) db.pragma('journal_mode = WAL');
      // Derived data: a commit lost to a power cut is folded again.
      db.pragma('synchronous = NORMAL');
      const tables = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get();
      db.exec(META);
      const meta = readMeta(db);
      const fresh = meta.size === 0;
      const made = (() => {
        // Tables without the meta that says what they cover (a copy made without its WAL): not to be continued.
        if (fresh && tables !== 0) return 'holds data without saying which journal it covers';
        const problem = fresh ? null : mismatch(meta, options.version, options.source);
        if (problem) return problem;
        db.exec(options.schema);
        if (fresh) writeMeta(db, options.version, options.source, CHAIN_START);
        return options.make(db, fresh ? 0 : Number(meta.get('seq')), meta);
      })();
      if (typeof made !== 'string') return made;
      log?.warn(`${what} ${file} ${made}: rebuilding it from the journal`);
    } catch (error) {
      log?.warn(`${what} ${file} unreadable (${(error as Error).message}): rebuilding it`);
    }
    db?.close();
    if (!inMemory) for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  }
  log?.error(`${what} ${file} cannot be made; going without it`);
  return null;
}

function readMeta(db: Database.Database): Map<string, string> {
  const rows = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM meta').all();
  return new Map(rows.map((r) => [r.key, r.value]));
}

function mismatch(meta: ReadonlyMap<string, string>, version: number, source: DerivedSource): string | null {
  if (meta.get('version') !== String(version)) return `is of another version (${meta.get('version')})`;
  if (meta.get('desk') !== source.deskId) return 'belongs to another desk';
  const seq = Number(meta.get('seq'));
  const point = source.pointAt(seq);
  if (!point || point.hash !== meta.get('hash')) return `does not match the journal at seq ${seq}`;
  return null;
}

/**
 * Records how far the file covers the journal, with anything else it keeps
 * in `meta`; call it inside the transaction that writes what it covers.
 */
export function writeMeta(
  db: Database.Database,
  version: number,
  source: DerivedSource,
  at: ChainPoint,
  extra: Readonly<Record<string, string>> = {},
): void {
  const set = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  set.run('version', String(version));
  set.run('desk', source.deskId);
  set.run('seq', String(at.seq));
  set.run('hash', at.hash);
  for (const [key, value] of Object.entries(extra)) set.run(key, value);
}
