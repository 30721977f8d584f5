import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HISTORY_MIGRATIONS } from '../../electron/history/schema';
import { HISTORY_APPLICATION_ID, HistoryStore } from '../../electron/history/store';
import { openDatabase } from '../../electron/store/database';
import { Journal } from '../../electron/store/journal';
import { HistoryQuery, HistoryResult } from '../../shared/api/history';
import type { PointSample } from '../../shared/api/model';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1);
const retention = { rawDays: 14, minuteDays: 397, quarterHourDays: 1827 };

let dir: string;
let now: number;
let store: HistoryStore;

const sample = (
  ts: number,
  value: PointSample['value'],
  key = 'power',
  quality: PointSample['quality'] = 'good',
) => ({
  deviceId: 'sx01-dc1',
  key,
  value,
  quality,
  ts,
});

function open(): HistoryStore {
  return HistoryStore.open(join(dir, 'history.sqlite'), {
    retention,
    now: () => now,
    flushEveryMs: 3_600_000,
  });
}

/** Looks into the history file as another reader would, beside the open store. */
function readOnly(use: (db: Database.Database) => void, file = join(dir, 'history.sqlite')): void {
  const db = new Database(file, { readonly: true });
  try {
    use(db);
  } finally {
    db.close();
  }
}

function query(q: Omit<HistoryQuery, 'deviceId'>) {
  const result = store.query(HistoryQuery.parse({ deviceId: 'sx01-dc1', ...q }));
  return HistoryResult.parse(result);
}

function maintainAll(): void {
  while (store.maintain()) {}
  store.maintain();
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dutydesk-history-'));
  now = T0 + 30 * DAY;
  store = open();
});
afterEach(() => store.close());

describe('telemetry history', () => {
  it('keeps numeric samples of good or stale quality; bad values and text are gaps', () => {
    store.record([
      sample(now - 5000, 10),
      sample(now - 4000, 11, 'power', 'stale'),
      sample(now - 3000, 99, 'power', 'comm-fail'),
      sample(now - 2000, null),
      sample(now - 1000, 'charging', 'state'),
    ]);
    expect(store.status().pending).toBe(2);
    expect(store.flush()).toBe(2);
    const result = query({ keys: ['power', 'state'], from: now - 10_000, to: now, maxPoints: 100 });
    expect(result.series[0]).toMatchObject({ key: 'power', resolution: 'raw' });
    expect(result.series[0]?.points.map((p) => p.last)).toEqual([10, 11]);
    expect(result.series[1]?.points).toEqual([]);
  });

  it('never returns more than maxPoints, and a one-sample spike survives downsampling', () => {
    const samples = Array.from({ length: 3600 }, (_, i) =>
      sample(now - 3600_000 + i * 1000, i === 1234 ? 500 : 50),
    );
    store.record(samples);
    store.flush();
    const result = query({ keys: ['power'], from: now - 3600_000, to: now, maxPoints: 200 });
    const [series] = result.series;
    expect(series?.resolution).toBe('raw');
    expect(series?.points.length).toBeLessThanOrEqual(200);
    expect(Math.max(...(series?.points.map((p) => p.max) ?? []))).toBe(500);
    expect(series?.points.reduce((n, p) => n + p.count, 0)).toBe(3600);
    const spike = series?.points.find((p) => p.max === 500);
    expect(spike?.min).toBe(50);
  });

  it('rolls up into 1-minute and 15-minute buckets and serves long ranges from them', () => {
    // Two days of one sample every 10 s, ramping within each minute.
    const start = now - 2 * DAY;
    const samples = Array.from({ length: (2 * DAY) / 10_000 }, (_, i) => sample(start + i * 10_000, i % 6));
    for (let i = 0; i < samples.length; i += 5000) {
      store.record(samples.slice(i, i + 5000));
      store.flush();
    }
    maintainAll();
    const day = query({ keys: ['power'], from: start, to: start + DAY, maxPoints: 1440 });
    expect(day.series[0]?.resolution).toBe('1m');
    expect(day.series[0]?.points).toHaveLength(1440);
    expect(day.series[0]?.points[0]).toEqual({ ts: start, min: 0, max: 5, avg: 2.5, last: 5, count: 6 });

    const twoDays = query({ keys: ['power'], from: start, to: now, maxPoints: 100 });
    expect(twoDays.series[0]?.resolution).toBe('15m');
    expect(twoDays.series[0]?.points.length).toBeLessThanOrEqual(100);
    expect(twoDays.series[0]?.points.reduce((n, p) => n + p.count, 0)).toBe(samples.length);
  });

  it('prunes raw samples after 14 days but keeps the rollups, and counts every sample once across restarts', () => {
    const old = now - 20 * DAY;
    store.record(Array.from({ length: 120 }, (_, i) => sample(old + i * 1000, i)));
    store.record([sample(now - 1000, 7)]);
    store.flush();
    store.maintain();
    store.close();
    store = open();
    store.maintain();
    readOnly((raw) => {
      expect(raw.prepare('SELECT count(*) FROM raw').pluck().get()).toBe(1);
      expect(raw.prepare('SELECT sum(count) FROM r1m').pluck().get()).toBe(121);
      expect(raw.prepare('SELECT sum(count) FROM r15m').pluck().get()).toBe(121);
    });
    // A range older than the raw retention is served from the rollups.
    const back = query({ keys: ['power'], from: old, to: old + 120_000, maxPoints: 1000 });
    expect(back.series[0]?.resolution).toBe('1m');
    expect(back.series[0]?.points.map((p) => [p.min, p.max, p.count])).toEqual([
      [0, 59, 60],
      [60, 119, 60],
    ]);
  });

  it('settles: every sample recorded so far is in the 15-minute rollups another reader sees', async () => {
    // More than one rollup chunk, so settling takes several turns of the event loop.
    const many = 45_000;
    store.record(Array.from({ length: many }, (_, i) => sample(now - many * 1000 + i * 1000, i % 50)));
    readOnly((db) => expect(db.prepare('SELECT count(*) FROM r15m').pluck().get()).toBe(0));
    await store.settle();
    readOnly((db) => {
      expect(db.prepare('SELECT sum(count) FROM r15m').pluck().get()).toBe(many);
      expect(db.prepare('SELECT count(*) FROM incoming').pluck().get()).toBe(0);
    });
  });

  it('keeps 15-minute rollups for five years and 1-minute rollups for 13 months', () => {
    store.record([sample(now - 400 * DAY, 1), sample(now - 1800 * DAY, 2), sample(now - 1830 * DAY, 3)]);
    store.flush();
    maintainAll();
    readOnly((db) => {
      expect(db.prepare('SELECT count(*) FROM r1m').pluck().get()).toBe(0);
      expect(db.prepare('SELECT min FROM r15m ORDER BY bucket').pluck().all()).toEqual([2, 1]);
    });
  });

  it('answers raw queries alike before and after maintain has moved the samples into raw', () => {
    const samples = Array.from({ length: 300 }, (_, i) => sample(now - 300_000 + i * 1000, (i * 7) % 13));
    store.record(samples.slice(0, 200));
    store.flush();
    maintainAll();
    store.record(samples.slice(200));
    store.flush();
    const q = { keys: ['power'], from: now - 300_000, to: now, maxPoints: 1000 };
    const before = query(q);
    expect(before.series[0]?.points.map((p) => [p.ts, p.last])).toEqual(samples.map((p) => [p.ts, p.value]));
    expect(store.status()).toMatchObject({ rawRows: 300, oldestRawTs: now - 300_000 });
    maintainAll();
    expect(query(q)).toEqual(before);
    readOnly((db) => {
      expect(db.prepare('SELECT count(*) FROM incoming').pluck().get()).toBe(0);
      expect(db.prepare('SELECT count(*) FROM raw').pluck().get()).toBe(300);
      expect(db.prepare('SELECT sum(count) FROM r1m').pluck().get()).toBe(300);
    });
  });

  it('opens a history file of schema 1, rolling up exactly the samples it had not rolled up', () => {
    store.close();
    const file = join(dir, 'old.sqlite');
    const old = openDatabase(file, {
      migrations: HISTORY_MIGRATIONS.slice(0, 1),
      applicationId: HISTORY_APPLICATION_ID,
      synchronous: 'NORMAL',
    });
    // As the schema-1 build left it: 60 samples rolled up (watermark 60), 30 not yet.
    old.prepare("INSERT INTO series (id, device, key) VALUES (1, 'sx01-dc1', 'power')").run();
    const insert = old.prepare('INSERT INTO raw (id, series, ts, value) VALUES (?, 1, ?, ?)');
    for (let i = 1; i <= 90; i++) insert.run(i, now - 90_000 + i * 1000, i);
    old.prepare("INSERT INTO meta (key, value) VALUES ('rolled_raw_id', 60)").run();
    const bucket = now - 90_000 + 1000;
    old
      .prepare('INSERT INTO r1m VALUES (1, ?, 1, 60, ?, 60, 60, ?)')
      .run(bucket - (bucket % 60_000), (60 * 61) / 2, now - 90_000 + 60_000);
    old.close();

    store = HistoryStore.open(file, { retention, now: () => now, flushEveryMs: 3_600_000 });
    const q = { keys: ['power'], from: now - 90_000, to: now + 1, maxPoints: 1000 };
    expect(query(q).series[0]?.points.map((p) => p.last)).toEqual(
      Array.from({ length: 90 }, (_, i) => i + 1),
    );
    maintainAll();
    readOnly((db) => {
      expect(db.pragma('user_version', { simple: true })).toBe(HISTORY_MIGRATIONS.length);
      expect(db.prepare('SELECT count(*) FROM raw').pluck().get()).toBe(90);
      expect(db.prepare('SELECT sum(count) FROM r1m').pluck().get()).toBe(90);
      expect(db.prepare('SELECT sum(sum) FROM r15m').pluck().get()).toBe((91 * 90) / 2 - (61 * 60) / 2);
      expect(db.prepare("SELECT count(*) FROM meta WHERE key = 'rolled_raw_id'").pluck().get()).toBe(0);
    }, file);
  });

  it('drops and counts samples beyond its buffer instead of growing without bound', () => {
    store.close();
    store = HistoryStore.open(join(dir, 'bounded.sqlite'), {
      retention,
      now: () => now,
      flushEveryMs: 3_600_000,
      maxPending: 10,
      flushRows: 1_000,
    });
    store.record(Array.from({ length: 15 }, (_, i) => sample(now - i, i)));
    expect(store.status()).toMatchObject({ pending: 10, dropped: 5 });
  });

  it('refuses to open the journal file as history', () => {
    const journal = Journal.open(join(dir, 'journal.sqlite'));
    journal.close();
    expect(() => HistoryStore.open(join(dir, 'journal.sqlite'), { retention })).toThrow(
      /not a DutyDesk one of this kind/,
    );
  });
});
