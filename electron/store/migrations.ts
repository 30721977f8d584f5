import { GENESIS_HASH } from '../../shared/journal/event';

/**
 * The schema of the desk's database, one entry per version: entry i takes
 * `PRAGMA user_version` from i to i + 1. Released entries are never edited,
 * only appended to, because files written by older builds must still open.
 */
export const MIGRATIONS: readonly string[] = [
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
    actor_user TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    type TEXT NOT NULL,
    subject TEXT NOT NULL,
    data TEXT NOT NULL,
    reason TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  ) STRICT;
  CREATE INDEX journal_type ON journal (type);
  CREATE INDEX journal_subject ON journal (subject);
  CREATE INDEX journal_ts ON journal (ts);

  -- Append-only is the database's rule, not only the code's.
  CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
  BEGIN SELECT RAISE(ABORT, 'journal is append-only: UPDATE refused'); END;
  CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
  BEGIN SELECT RAISE(ABORT, 'journal is append-only: DELETE refused'); END;
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
    actor_user TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    type TEXT NOT NULL,
    subject TEXT NOT NULL,
    data TEXT NOT NULL,
    reason TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    UNIQUE (desk, seq)
  ) STRICT;
  CREATE INDEX sync_inbound_type ON sync_inbound (type);
  CREATE TRIGGER sync_inbound_no_update BEFORE UPDATE ON sync_inbound
  BEGIN SELECT RAISE(ABORT, 'sync_inbound is append-only: UPDATE refused'); END;
  CREATE TRIGGER sync_inbound_no_delete BEFORE DELETE ON sync_inbound
  BEGIN SELECT RAISE(ABORT, 'sync_inbound is append-only: DELETE refused'); END;

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
  CREATE TRIGGER journal_subject_no_update BEFORE UPDATE ON journal_subject
  BEGIN SELECT RAISE(ABORT, 'journal_subject is append-only: UPDATE refused'); END;
  CREATE TRIGGER journal_subject_no_delete BEFORE DELETE ON journal_subject
  BEGIN SELECT RAISE(ABORT, 'journal_subject is append-only: DELETE refused'); END;
  CREATE TRIGGER journal_subject_mark_forward BEFORE UPDATE ON journal_subject_mark
  WHEN NEW.seq < OLD.seq OR NEW.seq > (SELECT coalesce(max(seq), 0) FROM journal) OR NEW.id IS NOT OLD.id
  BEGIN SELECT RAISE(ABORT, 'journal_subject_mark only moves forward, and not past the journal'); END;
  CREATE TRIGGER journal_subject_mark_no_delete BEFORE DELETE ON journal_subject_mark
  BEGIN SELECT RAISE(ABORT, 'journal_subject_mark cannot be deleted'); END;
  `,
];
