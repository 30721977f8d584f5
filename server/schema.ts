import type { ServerDatabase } from './database';

/**
 * The server's schema, one entry per version, applied in order and recorded
 * in schema_version. Released entries are never edited, only appended to.
 * Everything here runs on PostgreSQL 15 and on PGlite.
 */
export const SERVER_MIGRATIONS: readonly string[] = [
  `
  -- Every desk's journal, for the whole organisation. gseq is the server's
  -- order of arrival: pulls page by it, never by the desks' clocks.
  CREATE TABLE events (
    gseq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    desk TEXT NOT NULL,
    seq BIGINT NOT NULL CHECK (seq >= 1),
    ts BIGINT NOT NULL,
    actor_user TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    type TEXT NOT NULL,
    subject TEXT NOT NULL,
    -- The canonical JSON text the hash covers, kept byte for byte (jsonb would reorder it).
    data TEXT NOT NULL,
    reason TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    UNIQUE (desk, seq)
  );
  CREATE INDEX events_type ON events (type);
  CREATE INDEX events_subject ON events (subject);

  -- Where each desk's chain ends here; a push must continue from it.
  CREATE TABLE desk_heads (
    desk TEXT PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    updated_at BIGINT NOT NULL
  );

  CREATE TABLE shared_config (
    revision BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    data TEXT NOT NULL,
    set_at BIGINT NOT NULL
  );

  -- Duty records are legal records: the database refuses to rewrite them.
  CREATE FUNCTION refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
  END;
  $$;
  CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION refuse_rewrite();
  CREATE TRIGGER shared_config_append_only BEFORE UPDATE OR DELETE ON shared_config
    FOR EACH ROW EXECUTE FUNCTION refuse_rewrite();
  `,
  `
  -- The crew links desks granted in their dispatch events, indexed as the
  -- events arrive (the event is the record; this is how a token is found).
  CREATE TABLE crew_links (
    sha256 TEXT PRIMARY KEY,
    desk TEXT NOT NULL,
    event_id TEXT NOT NULL,
    granted_at BIGINT NOT NULL,
    work_order TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    grant_data TEXT NOT NULL
  );

  -- Every tap a crew made on its page, as the server stored it; event_id is
  -- the crew answer it became in the journal. A retried tap (same key) is
  -- found here and stored once.
  CREATE TABLE crew_taps (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    link_sha256 TEXT NOT NULL REFERENCES crew_links (sha256),
    tap_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    member TEXT NOT NULL,
    tap_at BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    note TEXT NOT NULL,
    event_id TEXT NOT NULL,
    UNIQUE (link_sha256, tap_key)
  );
  CREATE TRIGGER crew_links_append_only BEFORE UPDATE OR DELETE ON crew_links
    FOR EACH ROW EXECUTE FUNCTION refuse_rewrite();
  CREATE TRIGGER crew_taps_append_only BEFORE UPDATE OR DELETE ON crew_taps
    FOR EACH ROW EXECUTE FUNCTION refuse_rewrite();
  `,
  `
  -- Revisions a desk published: which desk, and the hash it journalled (null for the server's own file).
  ALTER TABLE shared_config ADD COLUMN desk TEXT;
  ALTER TABLE shared_config ADD COLUMN hash TEXT;
  `,
];

/** Brings the schema up to this build's version; a newer database is refused untouched. */
export async function migrate(db: ServerDatabase): Promise<void> {
  await db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  await db.transaction(async (tx) => {
    // Two servers starting against one database must not both migrate.
    await tx.query('SELECT pg_advisory_xact_lock(4454444)');
    const rows = await tx.query<{ version: number }>('SELECT version FROM schema_version');
    const version = rows[0]?.version ?? 0;
    if (version > SERVER_MIGRATIONS.length) {
      throw new Error(
        `database schema version ${version} is newer than this server knows (${SERVER_MIGRATIONS.length}); ` +
          'run a newer DutyDesk server',
      );
    }
    for (let from = version; from < SERVER_MIGRATIONS.length; from++) {
      await tx.exec(SERVER_MIGRATIONS[from] ?? '');
    }
    if (rows.length === 0)
      await tx.query('INSERT INTO schema_version (version) VALUES ($1)', [SERVER_MIGRATIONS.length]);
    else await tx.query('UPDATE schema_version SET version = $1', [SERVER_MIGRATIONS.length]);
  });
}
