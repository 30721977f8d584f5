import { describe, expect, it } from 'vitest';
import {
  addMonths,
  kpiValue,
  peakBuckets,
  percent,
  targetText,
} from '../../renderer/src/views/reports/model';

describe('reports view helpers', () => {
  it.each([
    ['2026-11', 1, '2026-12'],
    ['2026-12', 1, '2027-01'],
    ['2027-01', -1, '2026-12'],
    ['2026-03', -14, '2025-01'],
  ])('%s %+d months is %s', (month, delta, expected) => {
    expect(addMonths(month, delta)).toBe(expected);
  });

  it('cuts a month of hours to the chart keeping each bucket’s peak hour', () => {
    const hourly = Array.from({ length: 744 }, (_, i) => ({ ts: i * 3_600_000, count: i === 500 ? 40 : 1 }));
    const { buckets, hoursPerBar } = peakBuckets(hourly, 186);
    expect(hoursPerBar).toBe(4);
    expect(buckets).toHaveLength(186);
    expect(buckets[125]).toEqual({ ts: 500 * 3_600_000, count: 40 });
    expect(peakBuckets(hourly.slice(0, 24), 186).buckets).toHaveLength(24);
  });

  it.each([
    [{ value: 6.04, unit: 'per-hour' as const }, '6.0 /h'],
    [{ value: 0.995, unit: 'share' as const }, '99.50 %'],
    [{ value: 0.5, unit: 'share' as const }, '50.0 %'],
    [{ value: 5_400_000, unit: 'ms' as const }, '1 h 30 min'],
    [{ value: null, unit: 'count' as const }, '—'],
  ])('shows %o as %s', (k, text) => {
    expect(kpiValue(k)).toBe(text);
  });

  it('writes targets with their manageable bound', () => {
    expect(targetText({ kind: 'max', value: 6, near: 12, basis: '' }, 'per-hour')).toBe('≤ 6.0 /h (12.0 /h)');
    expect(targetText({ kind: 'min', value: 1, near: null, basis: '' }, 'share')).toBe('≥ 100.0 %');
    expect(targetText(null, 'count')).toBeNull();
    expect(percent(null)).toBe('—');
  });
});
