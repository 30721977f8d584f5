/**
 * The schema of history.sqlite, one entry per version (like the journal's
 * MIGRATIONS: entries are only ever appended). Telemetry lives in its own
 * file so its volume never waits on the journal's fsync per commit.
 *
 * raw: one row per numeric sample, appended in arrival order; `id` order is
 * therefore (nearly) time order, which rollup and pruning walk in chunks.
 * r1m / r15m: rollups per series and bucket start, merged incrementally
 * (sum and last_ts kept so a later chunk can be folded into a bucket).
 * incoming (version 2): where a flush puts samples, see below.
 */
/**
 * The two rollups have one layout. Part of released schema text: what this
 * returns must never change; a new layout is a new migration.
 */
function rollupTable(name: string): string {
  return `CREATE TABLE ${name} (
    series INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    min REAL NOT NULL,
    max REAL NOT NULL,
    sum REAL NOT NULL,
    count INTEGER NOT NULL,
    last REAL NOT NULL,
    last_ts INTEGER NOT NULL,
    PRIMARY KEY (series, bucket)
  ) STRICT, WITHOUT ROWID;`;
}

export const HISTORY_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT;
  CREATE TABLE series (
    id INTEGER PRIMARY KEY,
    device TEXT NOT NULL,
    key TEXT NOT NULL,
    UNIQUE (device, key)
  ) STRICT;
  CREATE TABLE raw (
    id INTEGER PRIMARY KEY,
    series INTEGER NOT NULL,
    ts INTEGER NOT NULL,
    value REAL NOT NULL
  ) STRICT;
  CREATE INDEX raw_series_ts ON raw (series, ts);
  ${rollupTable('r1m')}
  ${rollupTable('r15m')}
  `,
  `
  -- A flush appends samples here, in arrival order and without a secondary
  -- index, so it writes a few pages at the end of one table. Samples of a
  -- flush belong to thousands of series, and inserting them into raw's
  -- (series, ts) index directly dirtied about one index page per sample.
  -- Rollup (rollup.ts) moves them, a chunk at a time, into the rollups and
  -- into raw in (series, ts) order, in one transaction; queries read both.
  -- raw now holds only samples the rollups hold, so no watermark is kept.
  CREATE TABLE incoming (
    id INTEGER PRIMARY KEY,
    series INTEGER NOT NULL,
    ts INTEGER NOT NULL,
    value REAL NOT NULL
  ) STRICT;
  INSERT INTO incoming (series, ts, value)
    SELECT series, ts, value FROM raw
    WHERE id > (SELECT coalesce(max(value), 0) FROM meta WHERE key = 'rolled_raw_id')
    ORDER BY id;
  DELETE FROM raw WHERE id > (SELECT coalesce(max(value), 0) FROM meta WHERE key = 'rolled_raw_id');
  DELETE FROM meta WHERE key = 'rolled_raw_id';
  `,
];
