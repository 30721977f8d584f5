import type Database from 'better-sqlite3';

export const MINUTE_MS = 60_000;
export const QUARTER_HOUR_MS = 15 * MINUTE_MS;

type RawRow = { id: number; series: number; ts: number; value: number };
type Bucket = {
  series: number;
  bucket: number;
  min: number;
  max: number;
  sum: number;
  count: number;
  last: number;
  last_ts: number;
};

/**
 * Moves samples from `incoming` (where flushes append them) into the
 * 1-minute and 15-minute tables and into `raw`, a bounded chunk per call,
 * in arrival order. All three writes and the delete from incoming are one
 * transaction, so every sample is counted exactly once even across a
 * crash; a bucket still open is simply merged into again by a later chunk.
 * A chunk goes into raw sorted by (series, ts), so raw's index is written
 * front to back once per chunk rather than at one random place per sample.
 */
export class Rollup {
  private readonly chunk: Database.Statement<[number], RawRow>;
  private readonly moveToRaw: Database.Statement<[number]>;
  private readonly dropIncoming: Database.Statement<[number]>;
  private readonly upserts: Record<'r1m' | 'r15m', Database.Statement<Bucket>>;

  constructor(private readonly db: Database.Database) {
    this.chunk = db.prepare('SELECT id, series, ts, value FROM incoming ORDER BY id LIMIT ?');
    this.moveToRaw = db.prepare(
      'INSERT INTO raw (series, ts, value) SELECT series, ts, value FROM incoming WHERE id <= ? ORDER BY series, ts',
    );
    this.dropIncoming = db.prepare('DELETE FROM incoming WHERE id <= ?');
    const upsert = (table: 'r1m' | 'r15m') =>
      db.prepare<Bucket>(
        `INSERT INTO ${table} (series, bucket, min, max, sum, count, last, last_ts)
         VALUES (@series, @bucket, @min, @max, @sum, @count, @last, @last_ts)
         ON CONFLICT (series, bucket) DO UPDATE SET
           min = min(${table}.min, excluded.min),
           max = max(${table}.max, excluded.max),
           sum = ${table}.sum + excluded.sum,
           count = ${table}.count + excluded.count,
           last = CASE WHEN excluded.last_ts >= ${table}.last_ts THEN excluded.last ELSE ${table}.last END,
           last_ts = max(${table}.last_ts, excluded.last_ts)`,
      );
    this.upserts = { r1m: upsert('r1m'), r15m: upsert('r15m') };
  }

  /** Folds up to `limit` incoming samples; returns how many it folded (0: caught up). */
  step(limit: number): number {
    return this.db
      .transaction(() => {
        const rows = this.chunk.all(limit);
        if (rows.length === 0) return 0;
        const minutes = new Map<string, Bucket>();
        const quarters = new Map<string, Bucket>();
        for (const row of rows) {
          fold(minutes, row, MINUTE_MS);
          fold(quarters, row, QUARTER_HOUR_MS);
        }
        for (const bucket of minutes.values()) this.upserts.r1m.run(bucket);
        for (const bucket of quarters.values()) this.upserts.r15m.run(bucket);
        const lastId = (rows[rows.length - 1] as RawRow).id;
        this.moveToRaw.run(lastId);
        this.dropIncoming.run(lastId);
        return rows.length;
      })
      .immediate();
  }
}

function fold(buckets: Map<string, Bucket>, row: RawRow, width: number): void {
  const start = row.ts - (row.ts % width);
  const id = `${row.series}:${start}`;
  const bucket = buckets.get(id);
  if (!bucket) {
    buckets.set(id, {
      series: row.series,
      bucket: start,
      min: row.value,
      max: row.value,
      sum: row.value,
      count: 1,
      last: row.value,
      last_ts: row.ts,
    });
    return;
  }
  bucket.min = Math.min(bucket.min, row.value);
  bucket.max = Math.max(bucket.max, row.value);
  bucket.sum += row.value;
  bucket.count += 1;
  if (row.ts >= bucket.last_ts) {
    bucket.last = row.value;
    bucket.last_ts = row.ts;
  }
}
