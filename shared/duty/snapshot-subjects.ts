import type { AlarmView } from '../api/alarms';
import type { ApplicationView, WorkOrderView } from '../api/workorders';

/** Work orders and applications in these states are finished: nothing further happens to them. */
const ORDER_DONE: ReadonlySet<WorkOrderView['state']> = new Set(['accepted', 'cancelled']);
const APPLICATION_DONE: ReadonlySet<ApplicationView['state']> = new Set(['rejected', 'withdrawn', 'ended']);

export type DutyViews = {
  alarms: readonly Pick<AlarmView, 'id' | 'state' | 'workOrderIds'>[];
  workOrders: readonly Pick<WorkOrderView, 'id' | 'state' | 'alarmIds'>[];
  applications: readonly Pick<
    ApplicationView,
    'id' | 'kind' | 'state' | 'until' | 'workOrderId' | 'outageId'
  >[];
};

type ApplicationRefs = DutyViews['applications'][number];

/**
 * Whether nothing further happens to an application: decided against or
 * ended, or approved and final with nothing left in force (application.ts):
 * a resume (its approval ended the outage), or an exemption whose period
 * ended before `periodsBefore`. An approved outage or decommission stays in
 * force and is never finished here; neither is an open-ended exemption.
 */
function applicationDone(a: ApplicationRefs, periodsBefore: number): boolean {
  if (APPLICATION_DONE.has(a.state)) return true;
  if (a.state !== 'approved') return false;
  return a.kind === 'resume' || (a.kind === 'exemption' && a.until !== null && a.until < periodsBefore);
}

/** The highest `PREFIX-n` id among `ids`, or null. */
function highest(ids: Iterable<string>, prefix: string): string | null {
  let best: string | null = null;
  let max = -1;
  for (const id of ids) {
    const n = Number(id.slice(prefix.length + 1));
    if (id.startsWith(`${prefix}-`) && Number.isSafeInteger(n) && n > max) {
      max = n;
      best = id;
    }
  }
  return best;
}

/**
 * The subjects a start must replay to bring back the duty state: every
 * alarm not back to normal, every work order and application not finished,
 * the `also` subjects (what changed lately), everything those refer to
 * (an alarm's work orders, a work order's alarms, an application's work
 * order and the outage a resume ends) and so on, and the highest
 * work-order and application ids, so the next id is numbered on and never
 * handed out twice. Exemptions whose period ended before `periodsBefore`
 * count as finished; the caller passes a time that cannot come back.
 */
export function openSubjects(
  views: DutyViews,
  also: Iterable<string> = [],
  periodsBefore = Number.NEGATIVE_INFINITY,
): string[] {
  const refers = new Map<string, readonly string[]>();
  const wanted: string[] = [...also];
  for (const a of views.alarms) {
    refers.set(a.id, a.workOrderIds);
    if (a.state !== 'normal') wanted.push(a.id);
  }
  for (const o of views.workOrders) {
    refers.set(o.id, o.alarmIds);
    if (!ORDER_DONE.has(o.state)) wanted.push(o.id);
  }
  for (const a of views.applications) {
    refers.set(
      a.id,
      [a.workOrderId, a.outageId].filter((id): id is string => id !== null),
    );
    if (!applicationDone(a, periodsBefore)) wanted.push(a.id);
  }
  for (const id of [
    highest(
      views.workOrders.map((o) => o.id),
      'WO',
    ),
    highest(
      views.applications.map((a) => a.id),
      'AP',
    ),
  ]) {
    if (id) wanted.push(id);
  }
  const subjects = new Set<string>();
  while (wanted.length > 0) {
    const id = wanted.pop() as string;
    if (subjects.has(id)) continue;
    subjects.add(id);
    wanted.push(...(refers.get(id) ?? []));
  }
  return [...subjects].sort();
}

/** Whether a journal event type belongs to the duty state a snapshot stands for. */
export function isDutyType(type: string): boolean {
  return type.startsWith('alarm.') || type.startsWith('workorder.') || type.startsWith('application.');
}
