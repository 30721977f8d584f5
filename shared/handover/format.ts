import { wallClockMs } from './schedule';

/** `2026-11-23 20:00` in the shift's own time zone, so a record reads the same wherever it is opened. */
export function formatInZone(t: number, timeZone: string): string {
  // The wall clock read as UTC prints with the zone's date and time.
  return new Date(wallClockMs(t, timeZone)).toISOString().slice(0, 16).replace('T', ' ');
}

/** "1 h 05 min" / "1 小时 05 分": how long until (or since) a deadline. */
export function formatSpan(ms: number, lang: 'zh-CN' | 'en'): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const mm = String(m).padStart(2, '0');
  if (lang === 'zh-CN') return h > 0 ? `${h} 小时 ${mm} 分` : `${m} 分`;
  return h > 0 ? `${h} h ${mm} min` : `${m} min`;
}
