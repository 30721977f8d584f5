/**
 * Telemetry history for trends: every numeric sample the desk reads, kept
 * raw for days and as 1-minute and 15-minute rollups for months and years.
 *
 * It has its own file (history.sqlite) with synchronous=NORMAL and takes
 * samples into a memory buffer that is written in one transaction about
 * once a second, so telemetry volume never waits on the journal's per-commit
 * fsync and the poller never waits on the disk. A flush only appends to
 * `incoming`; maintain() sorts samples into raw and the rollups in chunks
 * (see schema.ts, version 2), and queries read incoming as well. The price, by design: a
 * crash loses the samples of the last unflushed second (at most). The
 * journal, which holds what operators were told, is not affected.
 */
import type Database from 'better-sqlite3';
import { Repeating } from '../../node/repeating';
import type { HistoryPoint, HistoryQuery, HistoryResult, HistorySeries } from '../../shared/api/history';
import type { PointSample } from '../../shared/api/model';
import type { HistoryStoreView } from '../../shared/api/store';
import type { HistoryRetention } from '../../shared/config/schema';
import { givenRetentionClock, RetentionClock, type RetentionLook } from '../clock-steps/retention-clock';
import { openDatabase } from '../store/database';
import { downsample } from './downsample';
import { DAY_MS, Retention } from './retention';
import { MINUTE_MS, QUARTER_HOUR_MS, Rollup } from './rollup';
import { HISTORY_MIGRATIONS } from './schema';

/** "DTDH": a DutyDesk history file. */
export const HISTORY_APPLICATION_ID = 0x44544448;

export type HistoryOptions = {
  retention: HistoryRetention;
  now?: () => number;
  /** Write the buffer this often… */
  flushEveryMs?: number;
  /** …or as soon as it holds this many samples. */
  flushRows?: number;
  /** Beyond this many buffered samples new ones are dropped and counted. */
  maxPending?: number;
  /** How often rollup and pruning take one bounded step. */
  maintainEveryMs?: number;
  /** Called when a background write fails; the store keeps running. */
  onError?: (error: Error) => void;
  /**
   * What pruning cuts by. By default a RetentionClock on the system clocks,
   * or `now` as given when a caller brings its own time.
   */
  pruneClock?: { look(): RetentionLook };
  /** A pruning round refused to act because the wall clock stepped (for the journal). */
  onPruningHeld?: (held: Extract<RetentionLook, { ok: false }>) => void;
};

type Pending = { deviceId: string; key: string; ts: number; value: number };

const ROLLUP_CHUNK = 20_000;
const ROWS_PER_INSERT = 100;
const PRUNE_CHUNK = 5_000;
const PRUNE_SERIES_PER_STEP = 200;

export class HistoryStore {
  readonly file: string;
  private readonly now: () => number;
  private readonly flushRows: number;
  private readonly maxPending: number;
  private readonly onError: (error: Error) => void;
  private readonly seriesIds = new Map<string, Map<string, number>>();
  private readonly insertSample: Database.Statement<[number, number, number]>;
  private readonly insertSamples: Database.Statement<[number[]]>;
  private readonly insertSeries: Database.Statement<[string, string], number>;
  private readonly findSeries: Database.Statement<[string, string], number>;
  private readonly rawRange: Database.Statement<
    [{ series: number; from: number; to: number }],
    { ts: number; value: number }
  >;
  private readonly rollupRange: Record<
    '1m' | '15m',
    Database.Statement<
      [number, number, number],
      { bucket: number; min: number; max: number; sum: number; count: number; last: number }
    >
  >;
  private readonly rawExtent: Database.Statement<[], { rows: number; oldest: number | null }>;
  private readonly incomingExtent: Database.Statement<[], { rows: number; oldest: number | null }>;
  private readonly rollup: Rollup;
  private readonly retention: Retention;
  private readonly pruneClock: { look(): RetentionLook };
  private pending: Pending[] = [];
  private dropped = 0;
  /** Why the last flush failed (a full or read-only disk), until one succeeds; shown in status. */
  private writeError: string | null = null;
  private readonly flushing = new Repeating(() => this.flushSafely());
  private readonly maintaining = new Repeating(() => this.maintainSafely());
  private closed = false;

  static open(file: string, options: HistoryOptions): HistoryStore {
    const db = openDatabase(file, {
      migrations: HISTORY_MIGRATIONS,
      applicationId: HISTORY_APPLICATION_ID,
      synchronous: 'NORMAL',
    });
    return new HistoryStore(db, options);
  }

  private constructor(
    private readonly db: Database.Database,
    private readonly options: HistoryOptions,
  ) {
    this.file = db.name;
    this.now = options.now ?? Date.now;
    this.flushRows = options.flushRows ?? 5_000;
    this.maxPending = options.maxPending ?? 200_000;
    this.onError = options.onError ?? (() => {});
    this.insertSample = db.prepare('INSERT INTO incoming (series, ts, value) VALUES (?, ?, ?)');
    this.insertSamples = db.prepare<[number[]]>(
      `INSERT INTO incoming (series, ts, value) VALUES ${Array(ROWS_PER_INSERT).fill('(?, ?, ?)').join(', ')}`,
    );
    this.insertSeries = db
      .prepare<[string, string], number>('INSERT INTO series (device, key) VALUES (?, ?) RETURNING id')
      .pluck();
    this.findSeries = db
      .prepare<[string, string], number>('SELECT id FROM series WHERE device = ? AND key = ?')
      .pluck();
    // incoming has no index: it holds only the samples of the last few maintain rounds.
    this.rawRange = db.prepare(
      'SELECT ts, value FROM raw WHERE series = @series AND ts >= @from AND ts < @to ' +
        'UNION ALL SELECT ts, value FROM incoming WHERE series = @series AND ts >= @from AND ts < @to ' +
        'ORDER BY ts',
    );
    const rollupRange = (table: string) =>
      db.prepare<
        [number, number, number],
        { bucket: number; min: number; max: number; sum: number; count: number; last: number }
      >(
        `SELECT bucket, min, max, sum, count, last FROM ${table} WHERE series = ? AND bucket >= ? AND bucket < ? ORDER BY bucket`,
      );
    this.rollupRange = { '1m': rollupRange('r1m'), '15m': rollupRange('r15m') };
    const extent = (table: string) =>
      db.prepare<[], { rows: number; oldest: number | null }>(
        `SELECT coalesce(max(id) - min(id) + 1, 0) AS rows, (SELECT ts FROM ${table} ORDER BY id LIMIT 1) AS oldest FROM ${table}`,
      );
    this.rawExtent = extent('raw');
    this.incomingExtent = extent('incoming');
    this.rollup = new Rollup(db);
    this.retention = new Retention(db, options.retention);
    this.pruneClock =
      options.pruneClock ?? (options.now ? givenRetentionClock(options.now) : new RetentionClock());
    this.flushing.start(options.flushEveryMs ?? 1000);
    this.maintaining.start(options.maintainEveryMs ?? 5000);
  }

  /**
   * Takes samples as the telemetry store publishes them. Only numbers are
   * history; a value of bad or comm-fail quality is a gap, not a point.
   * Never touches the disk.
   */
  record(samples: readonly PointSample[]): void {
    if (this.closed) return;
    for (const s of samples) {
      if (typeof s.value !== 'number' || !Number.isFinite(s.value)) continue;
      if (s.quality !== 'good' && s.quality !== 'stale') continue;
      if (this.pending.length >= this.maxPending) {
        this.dropped++;
        continue;
      }
      this.pending.push({ deviceId: s.deviceId, key: s.key, ts: s.ts, value: s.value });
    }
    if (this.pending.length >= this.flushRows) setImmediate(() => this.flushSafely());
  }

  /** Writes every buffered sample in one transaction. */
  flush(): number {
    if (this.pending.length === 0) return 0;
    const batch = this.pending;
    this.pending = [];
    this.db.transaction(() => {
      // Row values for one multi-row insert: a statement per sample costs more than the sample.
      const values: number[] = [];
      for (const p of batch) {
        values.push(this.seriesId(p.deviceId, p.key), p.ts, p.value);
        if (values.length === ROWS_PER_INSERT * 3) {
          this.insertSamples.run(values);
          values.length = 0;
        }
      }
      for (let at = 0; at < values.length; at += 3) {
        this.insertSample.run(values[at] as number, values[at + 1] as number, values[at + 2] as number);
      }
    })();
    return batch.length;
  }

  /**
   * One bounded round of rollup and pruning; returns true when there is
   * more to do (a backlog after a restart), so a caller can go again soon.
   */
  maintain(): boolean {
    const folded = this.rollup.step(ROLLUP_CHUNK);
    const look = this.pruneClock.look();
    if (look.ok) this.retention.step(look.now, PRUNE_CHUNK, PRUNE_SERIES_PER_STEP);
    else this.options.onPruningHeld?.(look);
    return folded === ROLLUP_CHUNK;
  }

  /**
   * Writes the buffer and folds every sample written so far into the
   * rollups, a chunk per turn of the event loop, so a reader of the rollups
   * (the early-warning pass, on its own connection) sees every sample taken
   * until now rather than what the last timed round reached.
   */
  async settle(): Promise<void> {
    this.flushSafely();
    while (!this.closed && this.rollup.step(ROLLUP_CHUNK) === ROLLUP_CHUNK) {
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  query(q: HistoryQuery): HistoryResult {
    const resolution = this.resolutionFor(q);
    const series = q.keys.map((key): HistorySeries => {
      const id = this.lookupSeries(q.deviceId, key);
      const points = id === undefined ? [] : this.read(resolution, id, q.from, q.to);
      const width = resolution === 'raw' ? 0 : resolution === '1m' ? MINUTE_MS : QUARTER_HOUR_MS;
      const merged = downsample(points, q.from, q.to, q.maxPoints, width);
      return { key, resolution, bucketMs: merged.bucketMs, points: merged.points };
    });
    return { deviceId: q.deviceId, from: q.from, to: q.to, series };
  }

  status(): HistoryStoreView {
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    const size = this.db.pragma('page_size', { simple: true }) as number;
    const raw = this.rawExtent.get() ?? { rows: 0, oldest: null };
    const incoming = this.incomingExtent.get() ?? { rows: 0, oldest: null };
    return {
      bytes: pages * size,
      rawRows: raw.rows + incoming.rows,
      oldestRawTs: raw.oldest ?? incoming.oldest,
      pending: this.pending.length,
      dropped: this.dropped,
      error: this.writeError,
    };
  }

  /** Online copy to `file` (SQLite backup API), consistent while the desk keeps writing. */
  async backup(file: string): Promise<void> {
    this.flushSafely();
    await this.db.backup(file);
  }

  /** Writes what is buffered and closes the file. */
  close(): void {
    if (this.closed) return;
    this.flushing.stop();
    this.maintaining.stop();
    this.flushSafely();
    this.closed = true;
    this.db.close();
  }

  /**
   * The finest resolution that still holds the whole range and that needs
   * no more than a few source points per pixel: raw when a pixel spans less
   * than a minute, 1-minute rollups when it spans less than 15 minutes.
   */
  private resolutionFor(q: HistoryQuery): 'raw' | '1m' | '15m' {
    const perPoint = (q.to - q.from) / q.maxPoints;
    const now = this.now();
    const { rawDays, minuteDays } = this.options.retention;
    if (perPoint < MINUTE_MS && q.from >= now - rawDays * DAY_MS) return 'raw';
    if (perPoint < QUARTER_HOUR_MS && q.from >= now - minuteDays * DAY_MS) return '1m';
    return '15m';
  }

  private read(resolution: 'raw' | '1m' | '15m', series: number, from: number, to: number): HistoryPoint[] {
    if (resolution === 'raw') {
      return this.rawRange
        .all({ series, from, to })
        .map((r) => ({ ts: r.ts, min: r.value, max: r.value, avg: r.value, last: r.value, count: 1 }));
    }
    const width = resolution === '1m' ? MINUTE_MS : QUARTER_HOUR_MS;
    // The bucket that contains `from` starts before it.
    return this.rollupRange[resolution].all(series, from - (from % width), to).map((r) => ({
      ts: r.bucket,
      min: r.min,
      max: r.max,
      avg: r.sum / r.count,
      last: r.last,
      count: r.count,
    }));
  }

  private lookupSeries(deviceId: string, key: string): number | undefined {
    const known = this.seriesIds.get(deviceId)?.get(key);
    return known ?? this.findSeries.get(deviceId, key);
  }

  private seriesId(deviceId: string, key: string): number {
    let keys = this.seriesIds.get(deviceId);
    if (!keys) {
      keys = new Map();
      this.seriesIds.set(deviceId, keys);
    }
    let id = keys.get(key);
    if (id === undefined) {
      id = this.findSeries.get(deviceId, key) ?? (this.insertSeries.get(deviceId, key) as number);
      keys.set(key, id);
    }
    return id;
  }

  private flushSafely(): void {
    if (this.closed) return;
    const batch = this.pending.length;
    try {
      this.flush();
      this.writeError = null;
    } catch (error) {
      // The batch rolled back and is gone: counted, so the panel says how much of the trend is missing.
      this.dropped += batch;
      const message = `history not written (${this.file}): ${(error as Error).message}`;
      // A full disk fails every flush: said once, not every second.
      if (message !== this.writeError) this.onError(new Error(message));
      this.writeError = message;
    }
  }

  private maintainSafely(): void {
    if (this.closed) return;
    try {
      if (this.maintain()) setImmediate(() => this.maintainSafely());
    } catch (error) {
      this.onError(new Error(`history rollup/pruning failed (${this.file}): ${(error as Error).message}`));
    }
  }
}
