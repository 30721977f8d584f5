import { z } from 'zod';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Whether the runtime's time-zone database knows this IANA name. */
function knownTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * When shifts change, in the wall-clock time of the control room. The seeds'
 * desks hand over at 08:00 and 20:00 China time; a desk elsewhere names its zone.
 */
export const ShiftSchedule = z
  .object({
    timeZone: z
      .string()
      .refine(knownTimeZone, 'not a time zone this system knows (an IANA name such as Asia/Shanghai)')
      .default('Asia/Shanghai'),
    starts: z
      .array(z.string().regex(HHMM, 'a time of day as HH:MM (00:00–23:59)'))
      .min(1)
      .max(24)
      .refine((starts) => new Set(starts).size === starts.length, 'each shift start only once')
      .default(['08:00', '20:00']),
  })
  .strict();
export type ShiftSchedule = z.infer<typeof ShiftSchedule>;

export const DEFAULT_SHIFT_SCHEDULE: ShiftSchedule = ShiftSchedule.parse({});

/** `2026-11-23@20:00`: the local date and time the shift started; names the handover record. */
export const ShiftId = z.string().regex(/^\d{4}-\d{2}-\d{2}@([01]\d|2[0-3]):[0-5]\d$/, 'not a shift id');
export type ShiftId = z.infer<typeof ShiftId>;

export const Shift = z.object({
  id: ShiftId,
  /** Local date of the start, YYYY-MM-DD: a night shift belongs to the evening it began. */
  date: z.string(),
  /** Local time of day it starts, HH:MM. */
  start: z.string(),
  startsAt: z.number(),
  endsAt: z.number(),
  timeZone: z.string(),
});
export type Shift = z.infer<typeof Shift>;

type LocalDate = { y: number; m: number; d: number };

const MINUTE = 60_000;
const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's wall clock at instant `t`, as if that wall clock were UTC. */
export function wallClockMs(t: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(t)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

function offsetAt(t: number, timeZone: string): number {
  const whole = Math.floor(t / 1000) * 1000;
  return wallClockMs(whole, timeZone) - whole;
}

/**
 * The instant at which the zone's clocks show this local time. Where the time
 * happens twice (clocks set back) it is the first occurrence; where a DST jump
 * skips it, the instant it would have been under the offset before the jump
 * (as Temporal's "compatible" disambiguation does).
 */
export function localToInstant(date: LocalDate, minutes: number, timeZone: string): number {
  const wall = Date.UTC(date.y, date.m - 1, date.d) + minutes * MINUTE;
  const candidates = [offsetAt(wall - DAY, timeZone), offsetAt(wall + DAY, timeZone)].map((o) => wall - o);
  const exact = candidates.filter((t) => wallClockMs(t, timeZone) === wall);
  return exact.length > 0 ? Math.min(...exact) : Math.max(...candidates);
}

/** The instant the zone's day holding `t` began: its midnight, or the first instant after a skipped one. */
export function startOfDayIn(t: number, timeZone: string): number {
  return localToInstant(localDateOf(t, timeZone), 0, timeZone);
}

export function localDateOf(t: number, timeZone: string): LocalDate {
  const wall = new Date(wallClockMs(t, timeZone));
  return { y: wall.getUTCFullYear(), m: wall.getUTCMonth() + 1, d: wall.getUTCDate() };
}

function addDays(date: LocalDate, days: number): LocalDate {
  const moved = new Date(Date.UTC(date.y, date.m - 1, date.d + days));
  return { y: moved.getUTCFullYear(), m: moved.getUTCMonth() + 1, d: moved.getUTCDate() };
}

const pad = (n: number) => String(n).padStart(2, '0');
const isoDate = (date: LocalDate) => `${date.y}-${pad(date.m)}-${pad(date.d)}`;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

type Start = { date: LocalDate; start: string; at: number };

function startsAround(schedule: ShiftSchedule, t: number): Start[] {
  const today = localDateOf(t, schedule.timeZone);
  const starts = [...schedule.starts].sort();
  const out: Start[] = [];
  for (const offset of [-1, 0, 1]) {
    const date = addDays(today, offset);
    for (const start of starts) {
      out.push({ date, start, at: localToInstant(date, minutesOf(start), schedule.timeZone) });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

/** The shift in progress at instant `t`: it began at the last start at or before `t`. */
export function shiftAt(schedule: ShiftSchedule, t: number): Shift {
  const starts = startsAround(schedule, t);
  let index = -1;
  for (let i = 0; i < starts.length; i++) if ((starts[i] as Start).at <= t) index = i;
  const begin = starts[index] as Start;
  const end = starts[index + 1] as Start;
  return {
    id: `${isoDate(begin.date)}@${begin.start}`,
    date: isoDate(begin.date),
    start: begin.start,
    startsAt: begin.at,
    endsAt: end.at,
    timeZone: schedule.timeZone,
  };
}

/** The shift a record id names under this schedule; a RangeError if no shift starts then. */
export function shiftById(schedule: ShiftSchedule, id: ShiftId): Shift {
  const [datePart = '', start = ''] = id.split('@');
  const [y = 0, m = 1, d = 1] = datePart.split('-').map(Number);
  const shift = shiftAt(schedule, localToInstant({ y, m, d }, minutesOf(start), schedule.timeZone));
  if (shift.id !== id)
    throw new RangeError(`no shift starts at ${id} under the schedule ${schedule.starts.join(' / ')}`);
  return shift;
}

/** The shift, or null when no shift of this schedule has that id (the schedule changed since). */
export function shiftIfKnown(schedule: ShiftSchedule, id: ShiftId): Shift | null {
  try {
    return shiftById(schedule, id);
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

/** The shift before the one in progress at `t`. */
export function previousShift(schedule: ShiftSchedule, t: number): Shift {
  return shiftAt(schedule, shiftAt(schedule, t).startsAt - 1);
}
