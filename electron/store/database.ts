import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations';

/** "DTDK": marks a SQLite file as ours, so we never migrate someone else's database. */
export const APPLICATION_ID = 0x4454444b;

/** The store cannot be used; the message names the file and what to do. */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}

export type OpenOptions = {
  /** The schema this build knows; tests pass older or longer lists. */
  migrations?: readonly Migration[];
  /** How long to wait for another connection's write lock before giving up. */
  busyTimeoutMs?: number;
  /** Marks the file's kind, so one of our files is never migrated as another. */
  applicationId?: number;
  /**
   * FULL (the default) makes every commit survive power loss. NORMAL may lose
   * the last commits on power loss (never on a process crash) and is only for
   * data the desk can afford to lose, like the last second of telemetry.
   */
  synchronous?: 'FULL' | 'NORMAL';
};

/**
 * Opens (creating if needed) the desk's SQLite file and brings its schema up
 * to this build's version. Settings are chosen so a committed transaction
 * survives kill -9 and power loss: WAL with synchronous=FULL syncs the WAL on
 * every commit, and fullfsync asks macOS to flush the drive's cache as well
 * (other systems ignore it).
 */
export function openDatabase(file: string, options: OpenOptions = {}): Database.Database {
  const path = resolve(file);
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: options.busyTimeoutMs ?? 5000 });
  } catch (error) {
    throw explain(path, error);
  }
  try {
    prepare(db, path, options);
    return db;
  } catch (error) {
    db.close();
    throw error instanceof StoreError ? error : explain(path, error);
  }
}

function prepare(db: Database.Database, path: string, options: OpenOptions): void {
  const migrations = options.migrations ?? MIGRATIONS;
  const ownId = options.applicationId ?? APPLICATION_ID;
  // Read-only checks first: a file we refuse is left exactly as it was.
  const version = db.pragma('user_version', { simple: true }) as number;
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  if (applicationId !== ownId) {
    const objects = db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get() as number;
    if (applicationId !== 0 || version !== 0 || objects !== 0) {
      throw new StoreError(
        `${path}: an SQLite database, but not a DutyDesk one of this kind (application_id ${applicationId}, ` +
          `user_version ${version}, ${objects} schema objects); refusing to touch it`,
      );
    }
  }
  if (version > migrations.length) {
    throw new StoreError(
      `${path}: schema version ${version} is newer than this build knows (${migrations.length}); ` +
        'it was written by a newer DutyDesk. Run that version or newer; the file was not changed.',
    );
  }
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') {
    throw new StoreError(`${path}: cannot use write-ahead logging (journal_mode is ${String(mode)})`);
  }
  db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  db.pragma('fullfsync = ON');
  db.pragma('checkpoint_fullfsync = ON');
  db.pragma('foreign_keys = ON');
  for (let from = version; from < migrations.length; from++) {
    const step = migrations[from] ?? '';
    try {
      db.transaction(() => {
        if (typeof step === 'string') db.exec(step);
        else step(db);
        if (from === 0) db.pragma(`application_id = ${ownId}`);
        db.pragma(`user_version = ${from + 1}`);
      }).immediate();
    } catch (error) {
      throw new StoreError(
        `${path}: schema migration ${from} → ${from + 1} failed and was rolled back: ${message(error)}`,
        { cause: error },
      );
    }
  }
}

/** Translates SQLite's codes into what an operator or support can act on. */
export function explain(path: string, error: unknown): StoreError {
  const code = (error as { code?: unknown }).code;
  const text = message(error);
  const said = (what: string) => new StoreError(`${path}: ${what}`, { cause: error });
  if (typeof code !== 'string') return said(text);
  if (code.startsWith('SQLITE_NOTADB')) return said('not an SQLite database (or its header is damaged)');
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return said('locked by another process (is a second DutyDesk using the same data folder?)');
  }
  if (code.startsWith('SQLITE_CANTOPEN'))
    return said(`cannot be opened (${text}): check the folder and permissions`);
  if (code.startsWith('SQLITE_READONLY')) return said(`is read-only (${text})`);
  if (code.startsWith('SQLITE_CORRUPT')) return said(`is damaged (${text})`);
  if (code.startsWith('SQLITE_FULL')) return said('the disk is full');
  return said(`${text} (${code})`);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
