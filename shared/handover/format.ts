const formatters = new Map<string, Intl.DateTimeFormat>();

/** `2026-11-23 20:00` in the shift's own time zone, so a record reads the same wherever it is opened. */
export function formatInZone(t: number, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(t)) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
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
