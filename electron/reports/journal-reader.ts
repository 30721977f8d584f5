import type { JournalEvent } from '../../shared/journal/event';
import { SESSION_EVENT } from '../../shared/report/facts';
import { RULES_EVENT } from '../../shared/report/rules';
import type { Journal } from '../store/journal';

const PAGE = 5_000;
/**
 * Event times follow the desk's clock, not seq, and may step back a little
 * (a clock correction); windows by time are found by seq with this margin
 * and then cut exactly.
 */
const CLOCK_SLACK_MS = 24 * 3_600_000;

/** Every alarm, work-order and application event type the services journal. */
const ALARM_TYPES = [
  'alarm.raised',
  'alarm.cleared',
  'alarm.acked',
  'alarm.shelved',
  'alarm.unshelved',
  'alarm.shelf-expired',
  'alarm.suppressed',
  'alarm.unsuppressed',
  'alarm.removed-from-service',
  'alarm.returned-to-service',
  'alarm.retiered',
  'alarm.closed',
];
const DUTY_TYPES = [
  'workorder.created',
  'workorder.dispatched',
  'workorder.arrived',
  'workorder.resolved',
  'workorder.accepted',
  'workorder.reopened',
  'workorder.outage-applied',
  'workorder.cancelled',
  'workorder.reported',
  'application.filed',
  'application.approved',
  'application.rejected',
  'application.withdrawn',
  'application.ended',
  // The rules each alarm is judged by: few events, however long the desk has run.
  RULES_EVENT,
];

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

/**
 * What a month's reports are computed from, in journal order: every alarm,
 * work-order, application and configuration-revision event up to the month's end (a condition
 * raised long before can still be active), and the charging sessions of the
 * month itself.
 */
export function monthEvents(journal: Journal, from: number, to: number): JournalEvent[] {
  const until = (e: JournalEvent) => e.ts >= to + CLOCK_SLACK_MS;
  const duty = [...ALARM_TYPES, ...DUTY_TYPES].flatMap((type) =>
    readAll(journal, { type }, 0, until).filter((e) => e.ts < to),
  );
  const sessions = readAll(journal, { type: SESSION_EVENT }, seqBefore(journal, from), until).filter(
    (e) => e.ts >= from && e.ts < to,
  );
  return [...duty, ...sessions].sort((a, b) => a.seq - b.seq);
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
