import type { DaySeries } from '../model';
import { median, present, robustSd } from '../stats';
import type { Thresholds } from '../thresholds';

/** A series' baseline (the window before the recent days) against its recent level. */
export type LevelShift = {
  /** The window the pass judged: the last `windowDays` of the series. */
  window: DaySeries;
  base: number;
  /** Robust SD of the baseline, floored at `minRelSd` of its level so a very steady sensor does not make noise look like a trend. */
  sd: number;
  recent: number;
  /** (recent − base) ÷ sd: positive when the level rose. */
  z: number;
};

/**
 * The last `windowDays` of `series` split into baseline and recent
 * (`recentDays`); null when either has too few days with data to judge.
 */
export function levelShift(
  series: DaySeries,
  t: Pick<Thresholds, 'windowDays' | 'recentDays' | 'minBaselineDays'>,
  minRelSd = 0.03,
  recentDays = t.recentDays,
  /** How the recent days make one level: their median unless a detector knows its noise is one-sided. */
  recentLevel: (values: number[]) => number = median,
): LevelShift | null {
  const window = lastDays(series, t.windowDays);
  const cut = window.values.length - recentDays;
  if (cut <= 0) return null;
  const baseline = present(window.values.slice(0, cut));
  const recentValues = present(window.values.slice(cut));
  if (baseline.length < t.minBaselineDays || recentValues.length < Math.min(2, recentDays)) return null;
  const base = median(baseline);
  const sd = Math.max(robustSd(baseline), Math.abs(base) * minRelSd, 1e-9);
  const recent = recentLevel(recentValues);
  return { window, base, sd, recent, z: (recent - base) / sd };
}

/** The last `days` days of a series. */
export function lastDays(series: DaySeries, days: number): DaySeries {
  const drop = Math.max(0, series.values.length - days);
  return { startMs: series.startMs + drop * 86_400_000, values: series.values.slice(drop) };
}

/** The series with values mapped; null stays null, and a value mapped to a non-finite number becomes null. */
export function mapSeries(series: DaySeries, f: (v: number, i: number) => number | null): DaySeries {
  return {
    startMs: series.startMs,
    values: series.values.map((v, i) => {
      if (v === null || !Number.isFinite(v)) return null;
      const out = f(v, i);
      return out === null || !Number.isFinite(out) ? null : out;
    }),
  };
}

/** Sum of the present values of `values[from..]`. */
export function sumFrom(values: readonly (number | null)[], from: number): number {
  let s = 0;
  for (let i = Math.max(0, from); i < values.length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined && Number.isFinite(v)) s += v;
  }
  return s;
}
