import type { Lang } from './lang';

/**
 * Number formatting for the wall. Digits, grouping and decimal point are the
 * same in zh-CN and en, so one formatter per precision serves both.
 */
const formatters = new Map<number, Intl.NumberFormat>();

export function formatNumber(value: number, digits: number): string {
  let formatter = formatters.get(digits);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatters.set(digits, formatter);
  }
  // -0.0 from a sensor reading just under zero reads as a sign error on the wall.
  const text = formatter.format(value);
  return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
}

export type Quantity = { text: string; unit: string };

/**
 * Scales a reading for display by its profile unit: W → kW, Wh → kWh or MWh,
 * seconds → mm:ss or h:mm. Precision is what an operator can use at a
 * glance, not what the register carries.
 */
export function formatQuantity(value: number, unit: string | null): Quantity {
  switch (unit) {
    case 'W':
      return formatQuantity(value / 1000, 'kW');
    case 'kW':
      return Math.abs(value) >= 1000
        ? { text: formatNumber(value / 1000, 2), unit: 'MW' }
        : { text: formatNumber(value, 1), unit: 'kW' };
    case 'Wh':
      return formatQuantity(value / 1000, 'kWh');
    case 'kWh':
      if (Math.abs(value) >= 1_000_000) return { text: formatNumber(value / 1_000_000, 2), unit: 'GWh' };
      if (Math.abs(value) >= 10_000) return { text: formatNumber(value / 1000, 2), unit: 'MWh' };
      return { text: formatNumber(value, 1), unit: 'kWh' };
    case 's':
      return formatDuration(value);
    case '%':
      return { text: formatNumber(value, 0), unit: '%' };
    default:
      return { text: formatNumber(value, Number.isInteger(value) ? 0 : 1), unit: unit ?? '' };
  }
}

/** Under an hour mm:ss, from an hour on h:mm; the unit says which, since both look alike. */
export function formatDuration(seconds: number): Quantity {
  const total = Math.max(0, Math.floor(seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  if (total < 3600) return { text: `${pad(Math.floor(total / 60))}:${pad(total % 60)}`, unit: 'min' };
  return { text: `${Math.floor(total / 3600)}:${pad(Math.floor((total % 3600) / 60))}`, unit: 'h' };
}

/** 24-hour wall-clock time in the workstation's time zone. */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** ISO date plus the weekday in the operator's language: unambiguous in both. */
export function formatDate(epochMs: number, lang: Lang): string {
  const d = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  const weekday = new Intl.DateTimeFormat(lang, { weekday: 'short' }).format(d);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${weekday}`;
}
