import type { ClockView } from '../api/alarms';
import type { EscalationStep } from '../config/escalation';

/**
 * The escalation steps of one alarm nobody has acknowledged that are due
 * at `nowMs` and not sent yet, and when the next one falls due. The caller
 * stops asking once the alarm is acknowledged: later steps then never go.
 */
export function escalationDue(
  steps: readonly EscalationStep[],
  raisedAt: number,
  sent: ReadonlySet<number>,
  nowMs: number,
): { due: number[]; nextAt: number | null } {
  return dueBy(
    steps.flatMap((step, i) => (sent.has(i) ? [] : [{ at: raisedAt + step.afterMinutes * 60_000, item: i }])),
    nowMs,
  );
}

/** soon: the report or deadline is near, the crew is asked; missed: it passed undone, a breach. */
export type FollowUp = { clockId: string; at: number; kind: 'soon' | 'missed'; key: string };

/**
 * What a work order's crew is to be told about its clocks at `nowMs`: each
 * report owed (seed 000: progress every hour, device status every two
 * hours, materials daily) and each deadline (the plan, arrival, fix) is
 * asked for `beforeMs` ahead, and a report that falls due undone is missed.
 * Keys name the clock and its due time, so each goes once.
 */
export function followUpsDue(
  views: readonly ClockView[],
  beforeMs: number,
  sent: ReadonlySet<string>,
  nowMs: number,
): { due: FollowUp[]; nextAt: number | null } {
  const candidates: { at: number; item: FollowUp }[] = [];
  const consider = (clockId: string, dueAt: number, kinds: FollowUp['kind'][]) => {
    for (const kind of kinds) {
      const key = `${clockId}@${dueAt}:${kind}`;
      // A reminder already missed is not asked for as if it were still coming.
      if (sent.has(key) || (kind === 'soon' && dueAt <= nowMs)) continue;
      candidates.push({
        at: kind === 'soon' ? dueAt - beforeMs : dueAt,
        item: { clockId, at: dueAt, kind, key },
      });
    }
  };
  for (const view of views) {
    if (view.kind === 'reminder' && view.nextDueAt !== null && view.state !== 'stopped')
      consider(view.id, view.nextDueAt, ['soon', 'missed']);
    if (view.kind === 'deadline' && view.state === 'running' && view.deadline !== null)
      consider(view.id, view.deadline, ['soon']);
  }
  return dueBy(candidates, nowMs);
}

/** Of things each due at its `at`, those due by `nowMs` (in order), and when the first of the rest falls due. */
function dueBy<T>(
  candidates: readonly { at: number; item: T }[],
  nowMs: number,
): { due: T[]; nextAt: number | null } {
  const due: T[] = [];
  let nextAt: number | null = null;
  for (const { at, item } of candidates) {
    if (at <= nowMs) due.push(item);
    else if (nextAt === null || at < nextAt) nextAt = at;
  }
  return { due, nextAt };
}
