import { z } from 'zod';

/**
 * Sliding windows over timestamps (epoch ms). A window of W ms ending at t
 * holds the timestamps in (t − W, t]: one exactly W ago has just left it.
 * Detectors and interval sweeps use the same rule, so "flooded at t" and
 * "t lies inside a flood interval" always agree.
 */

/** ISA-18.2 chattering: the same alarm activating again and again in a short time. */
export const ChatterPolicy = z
  .object({ activations: z.number().int().min(2), windowMs: z.number().int().positive() })
  .strict();
export type ChatterPolicy = z.infer<typeof ChatterPolicy>;

/** The common rule of thumb: three activations of one alarm within a minute. */
export const DEFAULT_CHATTER_POLICY: ChatterPolicy = { activations: 3, windowMs: 60_000 };

/** ISA-18.2 flood: more new alarms than one operator can handle. */
export const FloodPolicy = z
  .object({ maxAlarms: z.number().int().min(1), windowMs: z.number().int().positive() })
  .strict();
export type FloodPolicy = z.infer<typeof FloodPolicy>;

/** ISA-18.2's flood benchmark: more than 10 new alarms in 10 minutes for one operator (desk). */
export const DEFAULT_FLOOD_POLICY: FloodPolicy = { maxAlarms: 10, windowMs: 10 * 60_000 };

/** Half-open [startMs, endMs). */
export type Interval = { startMs: number; endMs: number };

/** How many timestamps lie in the window ending at `nowMs`; later ones have not happened yet. */
export function countInWindow(timestamps: readonly number[], nowMs: number, windowMs: number): number {
  return timestamps.filter((t) => t > nowMs - windowMs && t <= nowMs).length;
}

/** Index of the first timestamp after `t` in a sorted list (its length when there is none). */
export function firstAfter(sorted: readonly number[], t: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] ?? 0) <= t) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * countInWindow for a sorted list, as slide keeps it, by binary search: a
 * desk's flood window holds thousands of entries during a storm and is
 * counted at the end of every engine turn.
 */
export function countInSortedWindow(sorted: readonly number[], nowMs: number, windowMs: number): number {
  return firstAfter(sorted, nowMs) - firstAfter(sorted, nowMs - windowMs);
}

/**
 * The engine's per-alarm (or per-desk) counter: add `atMs` and drop what has
 * left the window, so the kept list never outgrows one window. `window` is
 * sorted, as slide returns it; one pass and no sort, because during an
 * alarm storm the desk's window holds thousands of entries.
 */
export function slide(window: readonly number[], atMs: number, windowMs: number): number[] {
  let start = 0;
  while (start < window.length && (window[start] ?? 0) <= atMs - windowMs) start++;
  const kept = window.slice(start);
  let at = kept.length;
  while (at > 0 && (kept[at - 1] ?? 0) > atMs) at--;
  kept.splice(at, 0, atMs);
  return kept;
}

export function isChattering(
  activations: readonly number[],
  nowMs: number,
  policy: ChatterPolicy = DEFAULT_CHATTER_POLICY,
): boolean {
  return countInWindow(activations, nowMs, policy.windowMs) >= policy.activations;
}

/** `newAlarms`: when each alarm of one desk was annunciated (the `annunciate` effect). */
export function isFlooded(
  newAlarms: readonly number[],
  nowMs: number,
  policy: FloodPolicy = DEFAULT_FLOOD_POLICY,
): boolean {
  return countInWindow(newAlarms, nowMs, policy.windowMs) > policy.maxAlarms;
}

/**
 * The stretches of time during which the window held at least `minCount`
 * timestamps. Each timestamp t counts during [t, t + W); a sweep over those
 * edges, applying every edge of one instant together, so a timestamp leaving
 * as another arrives does not cut a burst in two.
 */
export function burstIntervals(
  timestamps: readonly number[],
  windowMs: number,
  minCount: number,
): Interval[] {
  const deltas = new Map<number, number>();
  for (const t of timestamps) {
    deltas.set(t, (deltas.get(t) ?? 0) + 1);
    deltas.set(t + windowMs, (deltas.get(t + windowMs) ?? 0) - 1);
  }
  const intervals: Interval[] = [];
  let count = 0;
  let openedAt: number | null = null;
  for (const t of [...deltas.keys()].sort((a, b) => a - b)) {
    count += deltas.get(t) ?? 0;
    if (count >= minCount && openedAt === null) openedAt = t;
    if (count < minCount && openedAt !== null) {
      intervals.push({ startMs: openedAt, endMs: t });
      openedAt = null;
    }
  }
  return intervals;
}

export function floodIntervals(
  newAlarms: readonly number[],
  policy: FloodPolicy = DEFAULT_FLOOD_POLICY,
): Interval[] {
  return burstIntervals(newAlarms, policy.windowMs, policy.maxAlarms + 1);
}

export function chatterIntervals(
  activations: readonly number[],
  policy: ChatterPolicy = DEFAULT_CHATTER_POLICY,
): Interval[] {
  return burstIntervals(activations, policy.windowMs, policy.activations);
}

/** When the flood going on at `nowMs` began (for "in flood since 14:02"), or null when there is none. */
export function floodSince(
  newAlarms: readonly number[],
  nowMs: number,
  policy: FloodPolicy = DEFAULT_FLOOD_POLICY,
): number | null {
  const past = newAlarms.filter((t) => t <= nowMs);
  const current = floodIntervals(past, policy).find((i) => i.startMs <= nowMs && nowMs < i.endMs);
  return current?.startMs ?? null;
}

/**
 * Share (0…1) of `range` covered by `intervals`, e.g. the KPI "% of time in
 * flood" for a month. The intervals must not overlap, as burstIntervals gives them.
 */
export function timeShare(intervals: readonly Interval[], range: Interval): number {
  const span = range.endMs - range.startMs;
  if (span <= 0) return 0;
  const covered = intervals.reduce((sum, i) => {
    const start = Math.max(i.startMs, range.startMs);
    const end = Math.min(i.endMs, range.endMs);
    return sum + Math.max(0, end - start);
  }, 0);
  return covered / span;
}
