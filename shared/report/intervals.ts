import type { Interval } from '../alarm/chatter';

export type { Interval };

/**
 * Sorted, non-overlapping union. Intervals that touch are joined: a fault
 * word clearing as the gun's own fault appears (one poll, one timestamp)
 * is one outage, not two.
 */
export function union(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.endMs > i.startMs).sort((a, b) => a.startMs - b.startMs);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out.at(-1);
    if (last && i.startMs <= last.endMs) last.endMs = Math.max(last.endMs, i.endMs);
    else out.push({ startMs: i.startMs, endMs: i.endMs });
  }
  return out;
}

/** The parts of `intervals` inside `range`. */
export function clip(intervals: readonly Interval[], range: Interval): Interval[] {
  return intervals.flatMap((i) => {
    const startMs = Math.max(i.startMs, range.startMs);
    const endMs = Math.min(i.endMs, range.endMs);
    return endMs > startMs ? [{ startMs, endMs }] : [];
  });
}

/** `a` without `b`; both as union() returns them. */
export function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const i of a) {
    let start = i.startMs;
    while (j < b.length && (b[j] as Interval).endMs <= start) j++;
    let k = j;
    while (k < b.length && (b[k] as Interval).startMs < i.endMs) {
      const cut = b[k] as Interval;
      if (cut.startMs > start) out.push({ startMs: start, endMs: cut.startMs });
      start = Math.max(start, cut.endMs);
      k++;
    }
    if (start < i.endMs) out.push({ startMs: start, endMs: i.endMs });
  }
  return out;
}

export function total(intervals: readonly Interval[]): number {
  return intervals.reduce((sum, i) => sum + (i.endMs - i.startMs), 0);
}

/** Middle value (mean of the two middle ones), null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}
