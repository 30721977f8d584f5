import {
  type HistoryPoint,
  type HistoryQuery,
  type HistoryResult,
  MAX_HISTORY_KEYS,
} from '../../../../shared/api/history';
import type { PointInfo } from '../../../../shared/api/model';
import type { DeviceLive } from '../../state/fleet';

/** How far back the detail pane looks: what led up to the alarm, across a shift change if need be. */
export const RECENT_MS = 6 * 3_600_000;

/** Trends worth a glance: the few numeric points that moved in that time. */
export const MAX_TRENDS = 4;

/** Sparkline size in px; the engine is asked for no more points than it is wide. */
export const SPARK_W = 220;
export const SPARK_H = 44;

/**
 * The points to ask history for, in profile order: not enums, and not text
 * (where the device has said what it holds). A device that went silent still
 * has its last hours on record, so its points are asked for all the same.
 */
export function trendKeys(points: readonly PointInfo[], live: DeviceLive | null): string[] {
  return points
    .filter((p) => p.options === null && typeof live?.points[p.key]?.value !== 'string')
    .map((p) => p.key);
}

/**
 * The minutes just before an alarm are what the monitor looks at first, and
 * over six hours a sparkline pixel spans more than a minute, so the store
 * answers from its 1-minute rollups. The last TAIL_MS are asked for again at
 * raw resolution and drawn in their own detail.
 */
export const TAIL_MS = 15 * 60_000;
const TAIL_POINTS = 60;

export type RecentPlan = {
  from: number;
  to: number;
  /** Where the raw tail starts; rollup buckets that reach past it give way to it. */
  tailFrom: number;
  hours: HistoryQuery[];
  tail: HistoryQuery[];
};

/**
 * The queries for the last RECENT_MS of `keys` up to `now`: one per
 * MAX_HISTORY_KEYS points (the points that moved, a temperature that
 * climbed, are often not the first ones), for the hours and for the tail.
 */
export function recentPlan(deviceId: string, keys: readonly string[], now: number): RecentPlan {
  const to = now + 1;
  const from = Math.max(0, now - RECENT_MS);
  const tailFrom = Math.max(from, now - TAIL_MS);
  const hours: HistoryQuery[] = [];
  const tail: HistoryQuery[] = [];
  for (let i = 0; i < keys.length; i += MAX_HISTORY_KEYS) {
    const chunk = keys.slice(i, i + MAX_HISTORY_KEYS);
    hours.push({ deviceId, keys: chunk, from, to, maxPoints: SPARK_W });
    tail.push({ deviceId, keys: [...chunk], from: tailFrom, to, maxPoints: TAIL_POINTS });
  }
  return { from, to, tailFrom, hours, tail };
}

/** Each key's points over the whole window: the hours up to where the tail starts, then the tail. */
export function joinRecent(
  plan: Pick<RecentPlan, 'tailFrom'>,
  hours: readonly HistoryResult[],
  tail: readonly HistoryResult[],
): Map<string, HistoryPoint[]> {
  const joined = new Map<string, HistoryPoint[]>();
  for (const result of hours) {
    for (const s of result.series) {
      joined.set(
        s.key,
        s.points.filter((p) => p.ts + s.bucketMs <= plan.tailFrom),
      );
    }
  }
  for (const result of tail) {
    for (const s of result.series) joined.set(s.key, [...(joined.get(s.key) ?? []), ...s.points]);
  }
  return joined;
}

export type Trend = { key: string; points: readonly HistoryPoint[] };

/** Series with at least two points whose values moved, in the order asked, at most MAX_TRENDS. */
export function trendsOf(
  series: ReadonlyMap<string, readonly HistoryPoint[]>,
  keys: readonly string[],
): Trend[] {
  const trends: Trend[] = [];
  for (const key of keys) {
    const points = series.get(key) ?? [];
    if (points.length < 2) continue;
    const lo = Math.min(...points.map((p) => p.min));
    const hi = Math.max(...points.map((p) => p.max));
    if (hi > lo) trends.push({ key, points });
    if (trends.length === MAX_TRENDS) break;
  }
  return trends;
}

/**
 * SVG coordinates of a trend over the window [from, to): x by time (so a
 * gap in the record shows as a gap in time, not squeezed away), the line
 * through each bucket's average and a band from its minimum to its maximum,
 * so a spike the average hides still shows.
 */
export function sparkline(
  points: readonly HistoryPoint[],
  from: number,
  to: number,
): { line: string; band: string } {
  const span = Math.max(1, to - from);
  const lo = Math.min(...points.map((p) => p.min));
  const range = Math.max(...points.map((p) => p.max)) - lo || 1;
  const x = (ts: number) => (((Math.min(Math.max(ts, from), to) - from) / span) * SPARK_W).toFixed(1);
  const y = (v: number) => (SPARK_H - 2 - ((v - lo) / range) * (SPARK_H - 4)).toFixed(1);
  const line = points.map((p) => `${x(p.ts)},${y(p.avg)}`).join(' ');
  const top = points.map((p) => `${x(p.ts)},${y(p.max)}`);
  const bottom = points.map((p) => `${x(p.ts)},${y(p.min)}`).reverse();
  return { line, band: [...top, ...bottom].join(' ') };
}
