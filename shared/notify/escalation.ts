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
  const due: number[] = [];
  let nextAt: number | null = null;
  steps.forEach((step, i) => {
    if (sent.has(i)) return;
    const at = raisedAt + step.afterMinutes * 60_000;
    if (at <= nowMs) due.push(i);
    else if (nextAt === null || at < nextAt) nextAt = at;
  });
  return { due, nextAt };
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
  const due: FollowUp[] = [];
  let nextAt: number | null = null;
  const consider = (clockId: string, dueAt: number, kinds: FollowUp['kind'][]) => {
    for (const kind of kinds) {
      const at = kind === 'soon' ? dueAt - beforeMs : dueAt;
      const key = `${clockId}@${dueAt}:${kind}`;
      if (sent.has(key)) continue;
      if (at <= nowMs) {
        // A reminder already missed is not asked for as if it were still coming.
        if (kind === 'soon' && dueAt <= nowMs) continue;
        due.push({ clockId, at: dueAt, kind, key });
      } else if (nextAt === null || at < nextAt) nextAt = at;
    }
  };
  for (const view of views) {
    if (view.kind === 'reminder' && view.nextDueAt !== null && view.state !== 'stopped')
      consider(view.id, view.nextDueAt, ['soon', 'missed']);
    if (view.kind === 'deadline' && view.state === 'running' && view.deadline !== null)
      consider(view.id, view.deadline, ['soon']);
  }
  return { due, nextAt };
}
