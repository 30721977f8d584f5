import { describe, expect, it } from 'vitest';
import {
  joinRecent,
  MAX_TRENDS,
  RECENT_MS,
  recentPlan,
  SPARK_H,
  SPARK_W,
  sparkline,
  TAIL_MS,
  trendKeys,
  trendsOf,
} from '../../renderer/src/views/alarms/recentHistory';
import { HistoryQuery, type HistoryResult, MAX_HISTORY_KEYS } from '../../shared/api/history';
import type { PointInfo } from '../../shared/api/model';

const point = (key: string, options: string[] | null = null): PointInfo => ({
  key,
  unit: null,
  label: { 'zh-CN': key, en: key },
  writable: false,
  command: false,
  options,
});

const sample = (value: number | string) => ({
  deviceId: 'sx01-dc1',
  key: 'k',
  value,
  quality: 'good' as const,
  ts: 1,
});

const flat = (ts: number, v: number) => ({ ts, min: v, max: v, avg: v, last: v, count: 1 });

describe('alarm detail: recent history from the engine', () => {
  it('asks for the device points that can have a trend, in profile order', () => {
    const points = [
      point('gun1.state', ['idle', 'charging', 'faulted']),
      point('gun1.power'),
      point('serial'),
      point('dcBus.voltage'),
      point('module.temp'),
    ];
    const live = {
      status: null,
      points: { 'gun1.power': sample(60.5), serial: sample('SN-001'), 'gun1.state': sample('charging') },
    };
    // Enums and text have no trend; a point without a live value (device silent) is still asked for.
    expect(trendKeys(points, live)).toEqual(['gun1.power', 'dcBus.voltage', 'module.temp']);
    expect(trendKeys(points, null)).toEqual(['gun1.power', 'serial', 'dcBus.voltage', 'module.temp']);
  });

  it('asks for six hours from the rollups and the last minutes raw, within the contract', () => {
    const now = Date.UTC(2026, 10, 23, 20, 0, 0);
    const plan = recentPlan('sx01-dc1', ['gun1.power', 'dcBus.voltage'], now);
    expect(plan).toEqual({
      from: now - 6 * 3_600_000,
      to: now + 1,
      tailFrom: now - 15 * 60_000,
      hours: [
        {
          deviceId: 'sx01-dc1',
          keys: ['gun1.power', 'dcBus.voltage'],
          from: now - 6 * 3_600_000,
          to: now + 1,
          maxPoints: SPARK_W,
        },
      ],
      tail: [
        {
          deviceId: 'sx01-dc1',
          keys: ['gun1.power', 'dcBus.voltage'],
          from: now - TAIL_MS,
          to: now + 1,
          maxPoints: 60,
        },
      ],
    });
    expect(RECENT_MS).toBe(6 * 3_600_000);
    // A profile with more points than one query may carry is asked in several, every point once.
    const keys = Array.from({ length: 40 }, (_, i) => `p${i}`);
    const many = recentPlan('sx01-dc1', keys, now);
    expect(many.hours.map((q) => q.keys.length)).toEqual([
      MAX_HISTORY_KEYS,
      MAX_HISTORY_KEYS,
      40 - 2 * MAX_HISTORY_KEYS,
    ]);
    expect(many.hours.flatMap((q) => q.keys)).toEqual(keys);
    expect(many.tail.flatMap((q) => q.keys)).toEqual(keys);
    for (const q of [...many.hours, ...many.tail]) expect(HistoryQuery.safeParse(q).success).toBe(true);
  });

  it('joins the rollup hours and the raw tail without counting a minute twice', () => {
    const tailFrom = 10 * 60_000;
    const bucket = (ts: number, v: number) => ({ ts, min: v, max: v + 1, avg: v, last: v, count: 60 });
    const hours: HistoryResult = {
      deviceId: 'd',
      from: 0,
      to: 20 * 60_000,
      series: [
        {
          key: 't',
          resolution: '1m',
          bucketMs: 60_000,
          points: [
            bucket(8 * 60_000, 1),
            bucket(9 * 60_000, 2),
            bucket(10 * 60_000, 3),
            bucket(11 * 60_000, 4),
          ],
        },
        { key: 'only-hours', resolution: '1m', bucketMs: 60_000, points: [bucket(0, 7)] },
      ],
    };
    const tail: HistoryResult = {
      deviceId: 'd',
      from: tailFrom,
      to: 20 * 60_000,
      series: [
        {
          key: 't',
          resolution: 'raw',
          bucketMs: 0,
          points: [flat(tailFrom + 500, 3.5), flat(tailFrom + 1500, 3.6)],
        },
      ],
    };
    const joined = joinRecent({ tailFrom }, [hours], [tail]);
    // Buckets that end by the tail's start stay; the ones it covers give way to its raw points.
    expect(joined.get('t')?.map((p) => p.ts)).toEqual([
      8 * 60_000,
      9 * 60_000,
      tailFrom + 500,
      tailFrom + 1500,
    ]);
    expect(joined.get('only-hours')).toHaveLength(1);
  });

  it('shows only series that moved, in the order asked, at most four', () => {
    const series = (key: string, values: number[]) => ({
      key,
      resolution: 'raw' as const,
      bucketMs: 0,
      points: values.map((v, i) => flat(1000 * i, v)),
    });
    const result = (list: HistoryResult['series']): HistoryResult => ({
      deviceId: 'sx01-dc1',
      from: 0,
      to: 10_000,
      series: list,
    });
    // Two replies (two queries): the order is the order asked, whichever reply a series came in.
    const replies = [
      result([series('steady', [5, 5, 5]), series('one', [7]), series('b', [1, 2])]),
      result([series('a', [3, 1, 4]), series('c', [0, 9]), series('d', [2, 3]), series('e', [8, 1])]),
    ];
    const joined = joinRecent({ tailFrom: 10_000 }, replies, []);
    const keys = ['a', 'steady', 'one', 'b', 'missing', 'c', 'd', 'e'];
    expect(trendsOf(joined, keys).map((t) => t.key)).toEqual(['a', 'b', 'c', 'd']);
    expect(MAX_TRENDS).toBe(4);
    // A bucket whose values ranged is movement even when the averages are level.
    const ranged = result([
      {
        key: 'spiky',
        resolution: '1m',
        bucketMs: 60_000,
        points: [flat(0, 5), { ts: 60_000, min: 5, max: 40, avg: 5, last: 5, count: 60 }],
      },
    ]);
    expect(trendsOf(joinRecent({ tailFrom: 120_000 }, [ranged], []), ['spiky']).map((t) => t.key)).toEqual([
      'spiky',
    ]);
  });

  it('draws by time across the whole window, with the min–max band around the average', () => {
    const from = 0;
    const to = 6000;
    const points = [
      { ts: 3000, min: 0, max: 10, avg: 5, last: 6, count: 4 },
      { ts: 6000, min: 10, max: 10, avg: 10, last: 10, count: 1 },
    ];
    const { line, band } = sparkline(points, from, to);
    // Nothing recorded in the first half of the window: the line starts half way, not at the left edge.
    expect(line).toBe(`110.0,${(SPARK_H - 2 - 0.5 * (SPARK_H - 4)).toFixed(1)} 220.0,2.0`);
    expect(band).toBe(`110.0,2.0 220.0,2.0 220.0,2.0 110.0,${(SPARK_H - 2).toFixed(1)}`);
    // A point outside the window is held at its edge.
    expect(sparkline([flat(-500, 1), flat(9000, 2)], from, to).line).toBe(`0.0,${SPARK_H - 2}.0 220.0,2.0`);
  });
});
