import { describe, expect, it } from 'vitest';
import {
  bucketOf,
  type Grid,
  minMaxDownsample,
  type Sample,
  sumGrid,
  toGrid,
} from '../../renderer/src/views/trends/downsample';
import { timeTicks } from '../../renderer/src/views/trends/TrendChart';

const grid: Grid = { from: 0, to: 1000, buckets: 10 };

describe('min/max downsampling', () => {
  it('never returns more points than buckets, however many samples come in', () => {
    const samples: Sample[] = Array.from({ length: 100_000 }, (_, i) => ({
      ts: i / 100,
      value: Math.sin(i),
    }));
    const points = minMaxDownsample(samples, grid);
    expect(points).toHaveLength(10);
    expect(minMaxDownsample(samples, { from: 0, to: 1000, buckets: 733 }).length).toBeLessThanOrEqual(733);
  });

  it('keeps a one-sample spike as its bucket’s max, with the mean, the last value and the count', () => {
    const samples: Sample[] = [
      { ts: 100, value: 1 },
      { ts: 150, value: 50 },
      { ts: 199, value: 3 },
      { ts: 250, value: 2 },
    ];
    expect(minMaxDownsample(samples, grid)).toEqual([
      { ts: 100, min: 1, max: 50, avg: 18, last: 3, count: 3 },
      { ts: 200, min: 2, max: 2, avg: 2, last: 2, count: 1 },
    ]);
  });

  it('takes samples in any order, drops those outside the range and non-finite values', () => {
    const samples: Sample[] = [
      { ts: 950, value: 9 },
      { ts: 5, value: 1 },
      { ts: 910, value: 8 },
      { ts: -1, value: 100 },
      { ts: 1000, value: 100 },
      { ts: 500, value: Number.NaN },
    ];
    expect(minMaxDownsample(samples, grid)).toEqual([
      { ts: 0, min: 1, max: 1, avg: 1, last: 1, count: 1 },
      { ts: 900, min: 8, max: 9, avg: 8.5, last: 9, count: 2 },
    ]);
  });

  it('puts every time of the range into a bucket', () => {
    expect(bucketOf(grid, 0)).toBe(0);
    expect(bucketOf(grid, 999.999)).toBe(9);
    expect(bucketOf(grid, 1000)).toBe(-1);
  });
});

describe('engine points on the chart grid', () => {
  it('merges points that fall in one bucket by count and keeps their extremes, scaling W to kW', () => {
    const series = toGrid(
      [
        { ts: 10, min: 1000, max: 3000, avg: 2000, last: 2000, count: 1 },
        { ts: 20, min: 500, max: 9000, avg: 5000, last: 5000, count: 3 },
        { ts: 500, min: 100, max: 100, avg: 100, last: 100, count: 1 },
      ],
      grid,
      0.001,
    );
    expect(series).toHaveLength(10);
    expect(series[0]).toEqual({ avg: 4.25, min: 0.5, max: 9 });
    expect(series[5]).toEqual({ avg: 0.1, min: 0.1, max: 0.1 });
    expect(series.filter(Boolean)).toHaveLength(2);
  });

  it('sums series only where all of them have a value: a missing charger is a gap, not a dip', () => {
    const a = toGrid([{ ts: 0, min: 1, max: 3, avg: 2, last: 2, count: 1 }], grid);
    const b = toGrid(
      [
        { ts: 0, min: 10, max: 30, avg: 20, last: 20, count: 1 },
        { ts: 100, min: 5, max: 5, avg: 5, last: 5, count: 1 },
      ],
      grid,
    );
    const sum = sumGrid([a, b], grid.buckets);
    expect(sum[0]).toEqual({ avg: 22, min: 11, max: 33 });
    expect(sum[1]).toBeNull();
    expect(sumGrid([], 3)).toEqual([null, null, null]);
  });
});

describe('time axis', () => {
  it('puts at most a dozen round ticks across any range', () => {
    const hour = 3_600_000;
    for (const span of [hour, 24 * hour, 7 * 24 * hour, 30 * 24 * hour]) {
      const from = Date.UTC(2026, 10, 23, 13, 7, 11);
      const ticks = timeTicks(from, from + span, 'Asia/Shanghai');
      expect(ticks.length).toBeGreaterThan(2);
      expect(ticks.length).toBeLessThanOrEqual(12);
      expect(ticks.every((t) => t >= from && t <= from + span)).toBe(true);
    }
  });
});
