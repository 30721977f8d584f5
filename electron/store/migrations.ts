import type Database from 'better-sqlite3';
import { GENESIS_HASH } from '../../shared/journal/event';

/**
 * One schema step: SQL, or a function for a step that must look at the data
 * first and refuse with a message an operator can act on. Either runs in
 * the step's own transaction, rolled back if it throws.
 */
export type Migration = string | ((db: Database.Database) => void);

/**
 * The columns of what an event says (who, what, about what, why) as every
 * table of events has them. Part of released schema text, like
 * appendOnly(): it must never change; a new layout is a new migration.
 */
const EVENT_BODY = `actor_user TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    type TEXT NOT NULL,
    subject TEXT NOT NULL,
    data TEXT NOT NULL,
    reason TEXT`;

/**
 * The schema of the desk's database, one entry per version: entry i takes
 * `PRAGMA user_version` from i to i + 1. Released entries are never edited,
 * only appended to, because files written by older builds must still open.
 */
export const MIGRATIONS: readonly Migration[] = [
  `
  CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;

  -- The desk id is in every event's hash; changing it would orphan the chain.
  CREATE TRIGGER meta_desk_id_fixed_update BEFORE UPDATE ON meta WHEN OLD.key = 'desk_id'
  BEGIN SELECT RAISE(ABORT, 'meta.desk_id is fixed once written'); END;
  CREATE TRIGGER meta_desk_id_fixed_delete BEFORE DELETE ON meta WHEN OLD.key = 'desk_id'
  BEGIN SELECT RAISE(ABORT, 'meta.desk_id is fixed once written'); END;

  CREATE TABLE journal (
    seq INTEGER PRIMARY KEY CHECK (seq >= 1),
    id TEXT NOT NULL UNIQUE,
    ts INTEGER NOT NULL,
    desk TEXT NOT NULL,
    ${EVENT_BODY},
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  ) STRICT;
  CREATE INDEX journal_type ON journal (type);
  CREATE INDEX journal_subject ON journal (subject);
  CREATE INDEX journal_ts ON journal (ts);

  -- Append-only is the database's rule, not only the code's.
  ${appendOnly('journal')}
  -- The hash needs SHA-256, which SQLite lacks; seq and the prev link it can check.
  CREATE TRIGGER journal_extends_chain BEFORE INSERT ON journal
  WHEN NEW.seq IS NOT coalesce((SELECT max(seq) FROM journal), 0) + 1
    OR NEW.prev_hash IS NOT coalesce((SELECT hash FROM journal ORDER BY seq DESC LIMIT 1), '${GENESIS_HASH}')
  BEGIN SELECT RAISE(ABORT, 'journal insert does not extend the chain (seq or prev_hash)'); END;
  `,
  `
  -- Operator accounts (electron/auth/accounts.ts). Current state only: every
  -- change to it is also a journal event, which is the record that counts.
  CREATE TABLE accounts (
    user TEXT PRIMARY KEY COLLATE NOCASE,
    role TEXT NOT NULL,
    hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER,
    created_at INTEGER NOT NULL,
    last_login_at INTEGER
  ) STRICT;
  `,
  `
  -- Sync with the organisation's server (electron/sync). Cursors: the last
  -- journal seq the server acknowledged, the last server gseq ingested, and
  -- the shared configuration revision held.
  CREATE TABLE sync_cursor (
    name TEXT PRIMARY KEY CHECK (name IN ('pushed_seq', 'pulled_gseq', 'config_revision')),
    value INTEGER NOT NULL CHECK (value >= 0)
  ) STRICT;
  INSERT INTO sync_cursor (name, value) VALUES ('pushed_seq', 0), ('pulled_gseq', 0), ('config_revision', 0);

  -- Other desks' events, each desk's chain verified on arrival; kept apart
  -- from this desk's own journal, whose chain holds only its own events.
  CREATE TABLE sync_inbound (
    gseq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    desk TEXT NOT NULL,
    seq INTEGER NOT NULL CHECK (seq >= 1),
    ts INTEGER NOT NULL,
    ${EVENT_BODY},
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    UNIQUE (desk, seq)
  ) STRICT;
  CREATE INDEX sync_inbound_type ON sync_inbound (type);
  ${appendOnly('sync_inbound')}

  CREATE TABLE sync_shared_config (
    revision INTEGER PRIMARY KEY,
    data TEXT NOT NULL,
    received_at INTEGER NOT NULL
  ) STRICT;
  `,
  `
  -- Lookups by subject, kept by the journal (journal.ts, indexSubjects) a
  -- chunk of events at a time instead of by SQLite on every insert: events
  -- of a batch have many subjects, and an index on subject dirtied one page
  -- of it per event, per commit, which made appends ever slower as the
  -- journal grew. The last SUBJECT_CHUNK events are found by scanning them.
  -- Like the journal it is append-only; a row names an event, and a read
  -- joins it back to the journal and checks the subject there.
  DROP INDEX journal_subject;
  CREATE TABLE journal_subject (
    subject TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (subject, seq)
  ) STRICT, WITHOUT ROWID;
  INSERT INTO journal_subject (subject, seq) SELECT subject, seq FROM journal ORDER BY subject, seq;
  CREATE TABLE journal_subject_mark (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL CHECK (seq >= 0)
  ) STRICT;
  INSERT INTO journal_subject_mark (id, seq) SELECT 1, coalesce(max(seq), 0) FROM journal;
  ${appendOnly('journal_subject')}
  CREATE TRIGGER journal_subject_mark_forward BEFORE UPDATE ON journal_subject_mark
  WHEN NEW.seq < OLD.seq OR NEW.seq > (SELECT coalesce(max(seq), 0) FROM journal) OR NEW.id IS NOT OLD.id
  BEGIN SELECT RAISE(ABORT, 'journal_subject_mark only moves forward, and not past the journal'); END;
  CREATE TRIGGER journal_subject_mark_no_delete BEFORE DELETE ON journal_subject_mark
  BEGIN SELECT RAISE(ABORT, 'journal_subject_mark cannot be deleted'); END;
  `,
  leanJournal,
];

/**
 * Schema 5: the journal row without what it repeated. Every row carried the
 * desk id (fixed in meta) and the previous row's hash (the previous row
 * holds it), ids and hashes were hex text twice their size, and the type
 * and time indexes were written on every insert: an event took ~500 bytes
 * and three index entries, which held appends to about half of the
 * 100,000 events/s the desk needs in an alarm storm. Ids and hashes are now
 * BLOBs, the lookups by type and subject are postings kept a chunk at a
 * time, the time index, which nothing read, is gone, and so is the
 * per-row insert trigger (see below). The hash of every event is
 * unchanged: it still covers the desk id and the previous hash, which
 * verification takes from meta and from the previous row.
 *
 * Dropping the two columns must not drop evidence, so the step first checks
 * that they hold nothing but what they repeat; a file where they do not is
 * refused, left as it was, for `npm run verify` and a person to look at.
 */
function leanJournal(db: Database.Database): void {
  const desk = db.prepare("SELECT value FROM meta WHERE key = 'desk_id'").pluck().get() as string | undefined;
  const refuse = (seq: number, what: string): never => {
    throw new Error(
      `journal event seq ${seq} ${what}, so the journal cannot be upgraded to this build's layout and was left unchanged. ` +
        'Run `npm run verify` on it, keep the file as evidence, and restore the data folder from a backup or move it aside.',
    );
  };
  const foreign = db
    .prepare('SELECT seq FROM journal WHERE desk IS NOT ? ORDER BY seq LIMIT 1')
    .pluck()
    .get(desk ?? null) as number | undefined;
  if (foreign !== undefined) {
    refuse(
      foreign,
      desk === undefined ? 'has no desk id in meta' : `names a desk other than this journal's ${desk}`,
    );
  }
  const unlinked = db
    .prepare(
      `SELECT b.seq FROM journal AS b LEFT JOIN journal AS a ON a.seq = b.seq - 1
       WHERE b.prev_hash IS NOT coalesce(a.hash, CASE WHEN b.seq = 1 THEN '${GENESIS_HASH}' END) ORDER BY b.seq LIMIT 1`,
    )
    .pluck()
    .get() as number | undefined;
  if (unlinked !== undefined) refuse(unlinked, 'has a prev_hash that is not the hash of the event before it');
  const malformed = db
    .prepare(
      `SELECT seq FROM journal WHERE length(unhex(id, '-')) IS NOT 16 OR length(replace(id, '-', '')) IS NOT 32
         OR hash <> lower(hash) OR length(unhex(hash)) IS NOT 32 ORDER BY seq LIMIT 1`,
    )
    .pluck()
    .get() as number | undefined;
  if (malformed !== undefined) refuse(malformed, 'has an id or hash that is not in the form DutyDesk writes');
  db.exec(`
  -- A rename rewrites or breaks the triggers that name the journal; the mark goes below.
  DROP TRIGGER journal_subject_mark_forward;
  ALTER TABLE journal RENAME TO journal_v4;
  CREATE TABLE journal (
    seq INTEGER PRIMARY KEY CHECK (seq >= 1),
    id BLOB NOT NULL UNIQUE CHECK (length(id) = 16),
    ts INTEGER NOT NULL,
    ${EVENT_BODY},
    hash BLOB NOT NULL CHECK (length(hash) = 32)
  ) STRICT;
  INSERT INTO journal (seq, id, ts, actor_user, actor_role, type, subject, data, reason, hash)
  SELECT seq, unhex(id, '-'), ts, actor_user, actor_role, type, subject, data, reason, unhex(hash)
  FROM journal_v4 ORDER BY seq;
  -- Dropping a table fires no DELETE trigger; its triggers and indexes go with it.
  DROP TABLE journal_v4;

  ${appendOnly('journal')}
  -- No insert trigger any more: SQLite runs a trigger once per row, and
  -- even an empty one cost ~1 µs, a quarter of an append. What it refused
  -- (a row out of seq, or INSERT OR REPLACE over an event, which fires no
  -- DELETE trigger) can only come from outside DutyDesk, which computes seq
  -- inside its write transaction, and the hash chain shows it: verify names
  -- the event at the next start and at the next scheduled check, and the
  -- backups and the sync server hold the original.

  -- Lookups by subject and type, rebuilt as postings: per chunk of events,
  -- one row per subject or type listing its seqs. Appending a chunk now
  -- writes a few rows at the end of one table instead of an entry per event
  -- scattered through a table ordered by subject, which cost more than the
  -- event itself. The chunks are listed in order and without gaps; events
  -- after the last chunk are found by scanning them.
  CREATE TABLE journal_chunks (
    first_seq INTEGER PRIMARY KEY CHECK (first_seq >= 1),
    last_seq INTEGER NOT NULL
  ) STRICT;
  INSERT INTO journal_chunks (first_seq, last_seq)
  SELECT min(seq), max(seq) FROM journal WHERE seq <= (SELECT seq FROM journal_subject_mark)
  GROUP BY (seq - 1) / 20000 ORDER BY 1;
  CREATE TABLE journal_postings (
    first_seq INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('subject', 'type')),
    key TEXT NOT NULL,
    seqs TEXT NOT NULL,
    PRIMARY KEY (first_seq, kind, key)
  ) STRICT, WITHOUT ROWID;
  INSERT INTO journal_postings (first_seq, kind, key, seqs)
  SELECT c.first_seq, 'subject', j.subject, group_concat(j.seq, ',' ORDER BY j.seq)
  FROM journal_chunks AS c JOIN journal AS j ON j.seq BETWEEN c.first_seq AND c.last_seq
  GROUP BY c.first_seq, j.subject;
  INSERT INTO journal_postings (first_seq, kind, key, seqs)
  SELECT c.first_seq, 'type', j.type, group_concat(j.seq, ',' ORDER BY j.seq)
  FROM journal_chunks AS c JOIN journal AS j ON j.seq BETWEEN c.first_seq AND c.last_seq
  GROUP BY c.first_seq, j.type;
  DROP TABLE journal_subject;
  DROP TABLE journal_subject_mark;
  -- Once per chunk, so it can afford to count: a chunk covers events that are all there.
  CREATE TRIGGER journal_chunks_follow_on BEFORE INSERT ON journal_chunks
  WHEN NEW.first_seq IS NOT coalesce((SELECT max(last_seq) FROM journal_chunks), 0) + 1
    OR NEW.last_seq < NEW.first_seq OR NEW.last_seq > (SELECT coalesce(max(seq), 0) FROM journal)
    OR (SELECT count(*) FROM journal WHERE seq BETWEEN NEW.first_seq AND NEW.last_seq) IS NOT NEW.last_seq - NEW.first_seq + 1
  BEGIN SELECT RAISE(ABORT, 'journal_chunks must follow on from the last chunk, over events without a gap'); END;
  ${appendOnly('journal_chunks')}
  ${appendOnly('journal_postings')}
  `);
}

/**
 * Triggers that refuse UPDATE and DELETE on `table`: append-only is the
 * database's rule, not only the code's. Part of released schema text: what
 * this returns must never change.
 */
function appendOnly(table: string): string {
  return `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
  BEGIN SELECT RAISE(ABORT, '${table} is append-only: UPDATE refused'); END;
  CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
  BEGIN SELECT RAISE(ABORT, '${table} is append-only: DELETE refused'); END;`;
}
