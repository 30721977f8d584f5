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
];
