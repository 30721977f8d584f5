import type { Kpi, KpiTarget } from '../../../../shared/api/reports';
import { formatNumber } from '../../i18n/format';
import type { MessageKey } from '../../i18n/messages';
import { zhCN } from '../../i18n/messages';

export const SECTIONS = ['monthly', 'sla', 'availability', 'alarmKpi', 'shift'] as const;
export type Section = (typeof SECTIONS)[number];

/** The month `delta` months from `month` (YYYY-MM). */
export function addMonths(month: string, delta: number): string {
  const [y = 1970, m = 1] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** A share (0…1) as a percentage for the screen: two decimals near 100 %, where availability lives. */
export function percent(share: number | null): string {
  if (share === null) return '—';
  const p = share * 100;
  return `${formatNumber(p, p >= 99 && p < 100 ? 2 : 1)} %`;
}

/** A duration in hours and minutes (or seconds when short): how long, at a glance. */
export function duration(ms: number | null): string {
  if (ms === null) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  return `${h} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export function kwh(value: number | null): string {
  return value === null ? '—' : formatNumber(value, value >= 1000 ? 0 : 1);
}

/** A KPI's value and its unit apart, so the tile can set the unit smaller. */
export function kpiParts(k: Pick<Kpi, 'value' | 'unit'>): { text: string; unit: string } {
  if (k.value === null) return { text: '—', unit: '' };
  switch (k.unit) {
    case 'count':
      return { text: formatNumber(k.value, 0), unit: '' };
    case 'per-hour':
      return { text: formatNumber(k.value, 1), unit: '/h' };
    case 'per-10min':
      return { text: formatNumber(k.value, 2), unit: '/10 min' };
    case 'share':
      return { text: percent(k.value).replace(' %', ''), unit: '%' };
    case 'ms':
      return { text: duration(k.value), unit: '' };
    case 'kWh':
      return { text: kwh(k.value), unit: 'kWh' };
  }
}

/** A KPI's value with its unit, as one string. */
export function kpiValue(k: Pick<Kpi, 'value' | 'unit'>): string {
  const { text, unit } = kpiParts(k);
  return unit ? `${text} ${unit}` : text;
}

/** "≤ 6 /h (12)" — the target and, where there is one, the softer "manageable" bound. */
export function targetText(target: KpiTarget | null, unit: Kpi['unit']): string | null {
  if (!target) return null;
  const show = (v: number) => kpiValue({ value: v, unit });
  const sign = target.kind === 'max' ? '≤' : '≥';
  return target.near === null
    ? `${sign} ${show(target.value)}`
    : `${sign} ${show(target.value)} (${show(target.near)})`;
}

/** A dictionary key built from a prefix and an engine-side id, or null when the dictionary has none. */
export function messageKey(prefix: string, id: string): MessageKey | null {
  const key = `${prefix}.${id}`;
  return key in zhCN ? (key as MessageKey) : null;
}

/**
 * Hourly counts cut to at most `bars` bars, each the highest hour it covers:
 * a month is 744 hours, a chart a few hundred pixels, and a peak hour must
 * not vanish into an average.
 */
export function peakBuckets(
  hourly: readonly { ts: number; count: number }[],
  bars: number,
): { buckets: { ts: number; count: number }[]; hoursPerBar: number } {
  const hoursPerBar = Math.max(1, Math.ceil(hourly.length / Math.max(1, bars)));
  if (hoursPerBar === 1) return { buckets: [...hourly], hoursPerBar };
  const buckets: { ts: number; count: number }[] = [];
  for (let i = 0; i < hourly.length; i += hoursPerBar) {
    const part = hourly.slice(i, i + hoursPerBar);
    buckets.push({ ts: part[0]?.ts ?? 0, count: Math.max(...part.map((h) => h.count)) });
  }
  return { buckets, hoursPerBar };
}
