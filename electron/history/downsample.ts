import type { HistoryPoint } from '../../shared/api/history';

/**
 * Merges time-ordered points into at most `maxPoints` buckets of equal width
 * starting at `from`. Each bucket keeps the lowest min and highest max of
 * what it covers, so a short spike survives any zoom level; avg is weighted
 * by sample count and last is the latest point's last.
 */
export function downsample(
  points: readonly HistoryPoint[],
  from: number,
  to: number,
  maxPoints: number,
  minBucketMs: number,
): { bucketMs: number; points: HistoryPoint[] } {
  if (points.length <= maxPoints) return { bucketMs: minBucketMs, points: [...points] };
  const span = to - from;
  const raw = Math.ceil(span / maxPoints);
  // A whole number of source buckets per output bucket keeps rollups from straddling two.
  const bucketMs = minBucketMs > 0 ? Math.ceil(raw / minBucketMs) * minBucketMs : raw;
  const out: HistoryPoint[] = [];
  let current: { index: number; point: HistoryPoint; sum: number } | null = null;
  for (const p of points) {
    const index = Math.max(0, Math.floor((p.ts - from) / bucketMs));
    if (current && current.index === index) {
      const c = current.point;
      c.min = Math.min(c.min, p.min);
      c.max = Math.max(c.max, p.max);
      current.sum += p.avg * p.count;
      c.count += p.count;
      c.last = p.last;
      continue;
    }
    if (current) out.push(close(current));
    current = {
      index,
      point: {
        ts: from + index * bucketMs,
        min: p.min,
        max: p.max,
        avg: p.avg,
        last: p.last,
        count: p.count,
      },
      sum: p.avg * p.count,
    };
  }
  if (current) out.push(close(current));
  return { bucketMs, points: out };
}

function close(current: { point: HistoryPoint; sum: number }): HistoryPoint {
  return { ...current.point, avg: current.sum / current.point.count };
}
