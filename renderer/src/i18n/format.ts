import { localDateOf, wallClockMs } from '../../../shared/handover/schedule';
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

/*
 * Times of day and dates, always in a named IANA zone: the fleet's
 * (`shifts.timeZone`, see i18n/fleetTime) wherever the desk talks about the
 * fleet, so a workstation set to another zone never shows another day's
 * clock. The zone's wall clock is read as if it were UTC and printed with
 * the UTC getters, which the runtime's own zone cannot touch.
 */

const pad = (n: number) => String(n).padStart(2, '0');

function wall(epochMs: number, timeZone: string): Date {
  return new Date(wallClockMs(epochMs, timeZone));
}

/** 24-hour clock with seconds, HH:MM:SS. */
export function formatClock(epochMs: number, timeZone: string): string {
  const d = wall(epochMs, timeZone);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** 24-hour clock to the minute, HH:MM. */
export function formatTime(epochMs: number, timeZone: string): string {
  return formatClock(epochMs, timeZone).slice(0, 5);
}

/** MM-DD HH:MM: a moment a few days either side of now. */
export function formatDayTime(epochMs: number, timeZone: string): string {
  const d = wall(epochMs, timeZone);
  return `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${formatTime(epochMs, timeZone)}`;
}

/** The time alone when it falls on the same local day as `nowMs`, with the date otherwise. */
export function formatWhen(epochMs: number, nowMs: number, timeZone: string): string {
  const sameDay = localDateOf(epochMs, timeZone);
  const today = localDateOf(nowMs, timeZone);
  return sameDay.y === today.y && sameDay.m === today.m && sameDay.d === today.d
    ? formatTime(epochMs, timeZone)
    : formatDayTime(epochMs, timeZone);
}

const weekdays = new Map<string, Intl.DateTimeFormat>();

/** ISO date plus the weekday in the operator's language: unambiguous in both. */
export function formatDate(epochMs: number, lang: Lang, timeZone: string): string {
  const key = `${lang}|${timeZone}`;
  let weekday = weekdays.get(key);
  if (!weekday) {
    weekday = new Intl.DateTimeFormat(lang, { weekday: 'short', timeZone });
    weekdays.set(key, weekday);
  }
  const d = wall(epochMs, timeZone);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${weekday.format(epochMs)}`;
}

/** The zone's offset from UTC at that instant: "UTC", "UTC+8", "UTC-5", "UTC+5:30". */
export function formatUtcOffset(epochMs: number, timeZone: string): string {
  const whole = Math.floor(epochMs / 1000) * 1000;
  const minutes = Math.round((wallClockMs(whole, timeZone) - whole) / 60_000);
  if (minutes === 0) return 'UTC';
  const sign = minutes > 0 ? '+' : '-';
  const h = Math.floor(Math.abs(minutes) / 60);
  const m = Math.abs(minutes) % 60;
  return `UTC${sign}${h}${m ? `:${pad(m)}` : ''}`;
}

/** Whether two zones show the same wall clock at that instant (a browser in Asia/Chongqing for a Shanghai fleet). */
export function sameWallClock(epochMs: number, a: string, b: string): boolean {
  return wallClockMs(epochMs, a) === wallClockMs(epochMs, b);
}

/** The zone this browser (or Electron window) runs in, as the operating system set it. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
