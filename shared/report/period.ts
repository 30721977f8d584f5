import type { ReportPeriod } from '../api/reports';
import { localDateOf, localToInstant } from '../handover/schedule';

/** The month in progress at `t` in the desk's time zone, `2026-11`. */
export function monthOf(t: number, timeZone: string): string {
  const { y, m } = localDateOf(t, timeZone);
  return `${y}-${String(m).padStart(2, '0')}`;
}

/** Midnight at the start of the month and of the next, in the zone's own time. */
export function monthRange(month: string, timeZone: string): { from: number; to: number } {
  const [y = 1970, m = 1] = month.split('-').map(Number);
  const next = m === 12 ? { y: y + 1, m: 1 } : { y, m: m + 1 };
  return {
    from: localToInstant({ y, m, d: 1 }, 0, timeZone),
    to: localToInstant({ y: next.y, m: next.m, d: 1 }, 0, timeZone),
  };
}

/**
 * The report's period: the whole month, and the part of it the desk can
 * speak for — not before its first record, not after now.
 */
export function reportPeriod(
  month: string,
  timeZone: string,
  firstRecordAt: number | null,
  now: number,
): ReportPeriod {
  const { from, to } = monthRange(month, timeZone);
  const observedFrom = Math.min(to, Math.max(from, firstRecordAt ?? now));
  const observedTo = Math.max(observedFrom, Math.min(to, now));
  return { month, timeZone, from, to, observedFrom, observedTo, generatedAt: now };
}

export const observedRange = (p: ReportPeriod) => ({ startMs: p.observedFrom, endMs: p.observedTo });
