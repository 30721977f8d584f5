import { localDateOf, localToInstant } from '../handover/schedule';
import type { OnCall } from './roster';

type LocalDate = ReturnType<typeof localDateOf>;

const DAY = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');
const isoDate = (d: LocalDate) => `${d.y}-${pad(d.m)}-${pad(d.d)}`;
const parseDate = (s: string): LocalDate => ({
  y: Number(s.slice(0, 4)),
  m: Number(s.slice(5, 7)),
  d: Number(s.slice(8, 10)),
});
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whole local days from `a` to `b`, independent of daylight saving (both are calendar dates). */
function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((Date.UTC(b.y, b.m - 1, b.d) - Date.UTC(a.y, a.m - 1, a.d)) / DAY);
}

/**
 * The duty day holding `t`: a day begins at `changeAt` local time, so at
 * 03:00 with an 08:00 change the crews of yesterday are still on call.
 */
function dutyDate(onCall: OnCall, t: number): LocalDate {
  const today = localDateOf(t, onCall.timeZone);
  if (t >= localToInstant(today, minutesOf(onCall.changeAt), onCall.timeZone)) return today;
  const prev = new Date(Date.UTC(today.y, today.m - 1, today.d - 1));
  return { y: prev.getUTCFullYear(), m: prev.getUTCMonth() + 1, d: prev.getUTCDate() };
}

/** The crews on call at instant `t`, after holidays and swaps; empty without a schedule. */
export function onCallAt(onCall: OnCall | undefined, t: number): ReadonlySet<string> {
  if (!onCall) return new Set();
  const date = dutyDate(onCall, t);
  const holiday = onCall.holidays.find((h) => h.date === isoDate(date));
  let crews: string[];
  if (holiday) crews = [...holiday.crews];
  else {
    const elapsed = daysBetween(parseDate(onCall.anchor), date);
    const turns = onCall.turns.length;
    const turn = ((Math.floor(elapsed / onCall.days) % turns) + turns) % turns;
    crews = [...(onCall.turns[turn] ?? [])];
  }
  const on = new Set(crews);
  for (const swap of onCall.swaps) {
    if (t < Date.parse(swap.from) || t >= Date.parse(swap.to) || !on.has(swap.out)) continue;
    on.delete(swap.out);
    on.add(swap.in);
  }
  return on;
}
