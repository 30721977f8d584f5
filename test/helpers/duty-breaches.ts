import type { AlarmView } from '../../shared/api/alarms';
import type { WorkOrderView } from '../../shared/api/workorders';
import type { JournalEvent } from '../../shared/journal/event';

type Clocks = readonly { kind: string; id: string; state: string; deadline?: number | null }[];

/** Why a journalled breach of clock `clockId` (due at `deadline`) is not a breach of these clocks, or null. */
function unbacked(clocks: Clocks, clockId: string, deadline: unknown): string | null {
  // A report owed (`progress@<when due>`) is missed on the follow-ups' own reckoning, not read from a deadline.
  const clock = clocks.find((c) => c.id === clockId.split('@')[0]);
  if (clock?.kind === 'reminder') return null;
  if (!clock) return `no clock ${clockId}`;
  if (clock.state !== 'breached') return `its ${clockId} clock is ${clock.state}`;
  if (clock.deadline !== deadline) return `its ${clockId} deadline is ${clock.deadline}, not ${deadline}`;
  return null;
}

/**
 * The SLA breaches among `journalled` that the restored state does not
 * show as breached: a restart journals a breach only for a deadline that
 * passed with the clock still counting, and the clocks it restored say
 * which. A false breach (a dispatch in time read before its work order was
 * back) stands as met or stopped here.
 */
export function falseBreaches(
  journalled: readonly JournalEvent[],
  state: { alarms: readonly AlarmView[]; workOrders: readonly WorkOrderView[] },
): string[] {
  const alarms = new Map(state.alarms.map((a) => [a.id, a]));
  const orders = new Map(state.workOrders.map((o) => [o.id, o]));
  return journalled.flatMap((e) => {
    const data = e.data as Record<string, unknown>;
    const clockId = String(data.clockId);
    let why: string | null = null;
    if (e.type === 'alarm.sla-breached') {
      const alarm = alarms.get(e.subject);
      why = alarm ? unbacked(alarm.clocks, clockId, data.deadline) : 'the alarm is not in the queue';
    } else if (e.type === 'workorder.sla-breached') {
      const order = orders.get(e.subject);
      if (!order) why = 'the work order is not in the list';
      else if (clockId === 'defect')
        why =
          order.defectDeadline.state === 'breached'
            ? null
            : `its defect deadline is ${order.defectDeadline.state}`;
      else why = unbacked(order.clocks, clockId, data.deadline);
    }
    return why ? [`${e.type} ${e.subject} ${clockId}: ${why}`] : [];
  });
}
