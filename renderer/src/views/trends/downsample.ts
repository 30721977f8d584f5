import type { HistoryPoint } from '../../../../shared/api/history';

export type Sample = { ts: number; value: number };

/** The time grid of one chart: `buckets` equal slices of [from, to), one per pixel column at most. */
export type Grid = { from: number; to: number; buckets: number };

export function bucketWidth(grid: Grid): number {
  return (grid.to - grid.from) / grid.buckets;
}

export function bucketOf(grid: Grid, ts: number): number {
  if (ts < grid.from || ts >= grid.to) return -1;
  return Math.min(grid.buckets - 1, Math.floor((ts - grid.from) / bucketWidth(grid)));
}

/**
 * Min/max downsampling of raw samples (time-ordered or not) onto the grid:
 * one point per non-empty bucket with the bucket's min, max, mean and last
 * value, so a one-second spike still shows on a 30-day chart. Never more
 * points than buckets.
 */
export function minMaxDownsample(samples: readonly Sample[], grid: Grid): HistoryPoint[] {
  const points: Array<HistoryPoint & { lastTs: number; sum: number }> = [];
  const byBucket = new Map<number, HistoryPoint & { lastTs: number; sum: number }>();
  for (const { ts, value } of samples) {
    const b = bucketOf(grid, ts);
    if (b < 0 || !Number.isFinite(value)) continue;
    const point = byBucket.get(b);
    if (!point) {
      const fresh = {
        ts: grid.from + b * bucketWidth(grid),
        min: value,
        max: value,
        avg: value,
        last: value,
        count: 1,
        lastTs: ts,
        sum: value,
      };
      byBucket.set(b, fresh);
      points.push(fresh);
      continue;
    }
    point.min = Math.min(point.min, value);
    point.max = Math.max(point.max, value);
    point.sum += value;
    point.count += 1;
    point.avg = point.sum / point.count;
    if (ts >= point.lastTs) {
      point.last = value;
      point.lastTs = ts;
    }
  }
  return points
    .sort((a, b) => a.ts - b.ts)
    .map(({ ts, min, max, avg, last, count }) => ({ ts, min, max, avg, last, count }));
}

/** A series on the grid: per bucket [mean, min, max], or null where nothing was recorded. */
export type GridSeries = Array<{ avg: number; min: number; max: number } | null>;

/**
 * Points already downsampled (by the engine, to about the same width) laid
 * onto the chart's grid; two points landing in one bucket are merged the
 * same way raw samples are, so the chart never gets more than one per bucket.
 */
export function toGrid(points: readonly HistoryPoint[], grid: Grid, scale = 1): GridSeries {
  const out: GridSeries = new Array(grid.buckets).fill(null);
  const counts = new Array<number>(grid.buckets).fill(0);
  for (const p of points) {
    const b = bucketOf(grid, p.ts);
    if (b < 0) continue;
    const cell = out[b];
    const avg = p.avg * scale;
    const lo = Math.min(p.min * scale, p.max * scale);
    const hi = Math.max(p.min * scale, p.max * scale);
    if (!cell) {
      out[b] = { avg, min: lo, max: hi };
      counts[b] = p.count;
      continue;
    }
    const n = counts[b] ?? 0;
    cell.avg = (cell.avg * n + avg * p.count) / (n + p.count);
    cell.min = Math.min(cell.min, lo);
    cell.max = Math.max(cell.max, hi);
    counts[b] = n + p.count;
  }
  return out;
}

/**
 * Several series added bucket by bucket (a station's guns into its charging
 * power). A bucket is only summed where every series has a value: a charger
 * missing from a bucket would otherwise show as a dip in the station's load.
 */
export function sumGrid(series: readonly GridSeries[], buckets: number): GridSeries {
  const out: GridSeries = new Array(buckets).fill(null);
  if (series.length === 0) return out;
  for (let b = 0; b < buckets; b++) {
    let avg = 0;
    let min = 0;
    let max = 0;
    let complete = true;
    for (const s of series) {
      const cell = s[b];
      if (!cell) {
        complete = false;
        break;
      }
      avg += cell.avg;
      min += cell.min;
      max += cell.max;
    }
    if (complete) out[b] = { avg, min, max };
  }
  return out;
}
