import type { JournalEvent } from '../../shared/journal/event';
import { type Family, familyOf, restartsRecord } from '../../shared/report/carry';
import { type AlarmPointName, SESSION_EVENT } from '../../shared/report/facts';
import { RULES_EVENT } from '../../shared/report/rules';
import type { Journal } from '../store/journal';
import { DUTY_EVENT_TYPES, type PeriodLookup, readRange } from './period-index';

const DUTY_TYPES: ReadonlySet<string> = new Set(DUTY_EVENT_TYPES);

const PAGE = 5_000;
/**
 * Event times follow the desk's clock, not seq, and may step back a little
 * (a clock correction); windows by time are found by seq with this margin
 * and then cut exactly.
 */
const CLOCK_SLACK_MS = 24 * 3_600_000;

/** Every event of a type or of a subject after `afterSeq`, page by page, up to the first that `stop` refuses. */
export function readAll(
  journal: Journal,
  query: { type: string } | { subject: string },
  afterSeq: number,
  stop: (e: JournalEvent) => boolean = () => false,
) {
  const out: JournalEvent[] = [];
  for (let after = afterSeq; ; ) {
    const page = journal.read({ ...query, afterSeq: after, limit: PAGE });
    for (const e of page) {
      if (stop(e)) return out;
      out.push(e);
    }
    const last = page.at(-1);
    if (!last || page.length < PAGE) return out;
    after = last.seq;
  }
}

/** The last seq whose event is older than `ts` (by the desk's clock, give or take the slack). */
export function seqBefore(journal: Journal, ts: number): number {
  let lo = 0;
  let hi = journal.count();
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const event = journal.read({ afterSeq: mid - 1, limit: 1 })[0];
    if (event && event.ts < ts - CLOCK_SLACK_MS) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The last event of a type or of a subject, by a binary search on seq over the
 * journal's index: a few dozen reads, however old the desk.
 */
export function lastEvent(
  journal: Journal,
  query: { type: string } | { subject: string },
): JournalEvent | null {
  const after = (seq: number) => journal.read({ ...query, afterSeq: seq, limit: 1 })[0] ?? null;
  let found = after(0);
  if (!found) return null;
  let lo = found.seq;
  let hi = journal.count();
  // Invariant: an event at lo matches; none after hi does.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const next = after(mid - 1);
    if (next) {
      found = next;
      lo = next.seq;
    } else hi = mid - 1;
  }
  return found;
}

/** When the desk's records begin: its first journal event. */
export function firstRecordAt(journal: Journal): number | null {
  return journal.read({ limit: 1 })[0]?.ts ?? null;
}

/** What a period's reports fold: the events, the alarm points met before them (in order), and where each record first appeared. */
export type PeriodEvents = {
  events: JournalEvent[];
  named: AlarmPointName[];
  /** A subject's first seq in the journal, for the order a fold of the whole journal meets records in. */
  first: (family: Family, subject: string) => number;
};

/**
 * What a period's reports are computed from, in journal order: every alarm,
 * work-order and application event before the period's end that can count
 * in it, the configuration revisions, and the period's charging sessions.
 * Without `index` (or before its first carry-in point) that is every such
 * event from the journal's start. With it, the events from the last
 * carry-in point before the period, and each of their subjects' and the
 * live subjects' events from its last restart (shared/report/carry.ts):
 * what grows with the period and with what is open, not with the desk's age.
 */
export function periodEvents(
  journal: Journal,
  index: PeriodLookup | null,
  from: number,
  to: number,
): PeriodEvents {
  const before = (e: JournalEvent) => e.ts < to;
  // The first event at least a clock's slack past the period's end: a window by seq that holds the period's events.
  const end = seqBefore(journal, to + 2 * CLOCK_SLACK_MS) + 1;
  const carry = index?.carryAt(seqBefore(journal, from)) ?? { seq: 0, alarms: [], applications: [] };
  const window = DUTY_EVENT_TYPES.flatMap((type) => readRange(journal, { type }, carry.seq, end));
  const revisions = readRange(journal, { type: RULES_EVENT }, 0, end);
  const sessions = readRange(journal, { type: SESSION_EVENT }, seqBefore(journal, from), end).filter(
    (e) => e.ts >= from && e.ts < to,
  );
  const known = (family: Family, subject: string) => index?.first(family, subject) ?? null;
  const earlier: JournalEvent[] = [];
  // Each subject with its first seq in the window (none for one only live at the carry-in point).
  const subjects = new Map<string, { family: Family; subject: string; seq: number | null }>();
  for (const e of window) {
    const family = familyOf(e.type) as Family;
    const key = `${family}|${e.subject}`;
    const seen = subjects.get(key);
    // The window is read type by type: the first seq is the least.
    if (!seen || (seen.seq ?? 0) > e.seq) subjects.set(key, { family, subject: e.subject, seq: e.seq });
  }
  for (const [family, ids] of [
    ['alarm', carry.alarms],
    ['application', carry.applications],
  ] as const) {
    for (const subject of ids) {
      if (!subjects.has(`${family}|${subject}`))
        subjects.set(`${family}|${subject}`, { family, subject, seq: null });
    }
  }
  const named: { seq: number; name: AlarmPointName }[] = [];
  if (index && carry.seq > 0) {
    for (const { family, subject, seq } of subjects.values()) {
      // A record that restarts at its first event in the window needs nothing from before it.
      const fresh = seq !== null && index.restartAtOrBefore(family, subject, seq) === seq;
      const restart = fresh ? null : index.restartAtOrBefore(family, subject, carry.seq);
      if (restart !== null) {
        earlier.push(
          ...readRange(journal, { subject }, restart - 1, carry.seq + 1).filter(
            (e) => familyOf(e.type) === family && DUTY_TYPES.has(e.type),
          ),
        );
      }
      const first = family === 'alarm' ? known(family, subject) : null;
      if (first?.name) named.push({ seq: first.seq, name: first.name });
    }
  }
  const events = [...earlier, ...window, ...revisions].filter(before);
  events.push(...sessions);
  events.sort((a, b) => a.seq - b.seq);
  // A record the index does not know yet first appeared after everything it knows, where this read meets it.
  const met = new Map<string, number>();
  for (const e of events) {
    const key = `${familyOf(e.type)}|${e.subject}`;
    // A work order or application enters the fold at its creation; an alarm point at any event.
    if (!met.has(key) && (e.type.startsWith('alarm.') || restartsRecord(e))) met.set(key, e.seq);
  }
  return {
    events,
    // A point first met after the period's end (in the clock's slack) is not one of its points.
    named: named
      .filter((n) => met.has(`alarm|${n.name.alarmId}`))
      .sort((a, b) => a.seq - b.seq)
      .map((n) => n.name),
    first: (family, subject) =>
      known(family, subject)?.seq ?? met.get(`${family}|${subject}`) ?? Number.MAX_SAFE_INTEGER,
  };
}

/** Every event with a time in [from, to), in journal order. */
export function eventsBetween(journal: Journal, from: number, to: number): JournalEvent[] {
  const out: JournalEvent[] = [];
  for (let after = seqBefore(journal, from); ; ) {
    const page = journal.read({ afterSeq: after, limit: PAGE });
    for (const e of page) {
      if (e.ts >= to + CLOCK_SLACK_MS) return out;
      if (e.ts >= from && e.ts < to) out.push(e);
    }
    const last = page.at(-1);
    if (!last || page.length < PAGE) return out;
    after = last.seq;
  }
}

/** How many events come before the first with a time at or after `ts`, by a binary search on seq. */
function eventsBefore(journal: Journal, ts: number): number {
  let lo = 0;
  let hi = journal.count();
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const event = journal.read({ afterSeq: mid - 1, limit: 1 })[0];
    if (event && event.ts < ts) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * How many events the journal holds with a time in [from, to), counted by
 * seq, so a month of any size costs a few dozen reads: exact while the
 * desk's clock ran forward, off by the events a clock correction moved.
 */
export function countBetween(journal: Journal, from: number, to: number): number {
  return Math.max(0, eventsBefore(journal, to) - eventsBefore(journal, from));
}
