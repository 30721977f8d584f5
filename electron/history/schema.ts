/**
 * The schema of history.sqlite, one entry per version (like the journal's
 * MIGRATIONS: entries are only ever appended). Telemetry lives in its own
 * file so its volume never waits on the journal's fsync per commit.
 *
 * raw: one row per numeric sample, appended in arrival order; `id` order is
 * therefore (nearly) time order, which rollup and pruning walk in chunks.
 * r1m / r15m: rollups per series and bucket start, merged incrementally
 * (sum and last_ts kept so a later chunk can be folded into a bucket).
 */
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
  CREATE TABLE r1m (
    series INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    min REAL NOT NULL,
    max REAL NOT NULL,
    sum REAL NOT NULL,
    count INTEGER NOT NULL,
    last REAL NOT NULL,
    last_ts INTEGER NOT NULL,
    PRIMARY KEY (series, bucket)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE r15m (
    series INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    min REAL NOT NULL,
    max REAL NOT NULL,
    sum REAL NOT NULL,
    count INTEGER NOT NULL,
    last REAL NOT NULL,
    last_ts INTEGER NOT NULL,
    PRIMARY KEY (series, bucket)
  ) STRICT, WITHOUT ROWID;
  `,
];
