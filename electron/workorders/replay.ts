import { CREW_ANSWER_KEPT } from '../../shared/sync/crew-link';
import type { DefectClass } from '../../shared/triage/tiers';
import { Tier } from '../../shared/triage/tiers';
import { OutageReason } from '../../shared/workorder/application';
import { stepWorkOrder, type WorkOrderEvent, type WorkOrderStepType } from '../../shared/workorder/state';
import type { DeadlineWatch } from '../alarms/deadlines';
import { asRecord, type RecordedEvent } from '../alarms/recorded';
import { detailOf, EVENT_OF, STEP_OF, stepView, type WorkOrderBook } from './orders';

/**
 * Puts one journalled work-order event back: a creation opens the order,
 * a step goes through the same state machine as when it was taken, a
 * breach is remembered so it is not escalated twice. A step the machine
 * refuses now throws, and the caller reports it.
 */
export function replayWorkOrder(
  book: WorkOrderBook,
  deadlines: Pick<DeadlineWatch, 'remember'>,
  e: RecordedEvent,
): void {
  const data = asRecord(e.data);
  if (e.type === 'workorder.created') {
    const incidents = (Array.isArray(data.incidents) ? data.incidents : []).map((i) => {
      const r = asRecord(i);
      return { alarmId: String(r.alarmId), raisedAt: Number(r.raisedAt) };
    });
    const opening = {
      title: String(data.title ?? ''),
      incidents,
      stationId: String(data.stationId ?? ''),
      deviceIds: (Array.isArray(data.deviceIds) ? data.deviceIds : []).map(String),
      tier: Tier.parse(data.tier),
      defectClass: String(data.defectClass) as DefectClass,
    };
    book.open(e.subject, opening, e);
    return;
  }
  const order = book.find(e.subject);
  if (e.type === 'workorder.sla-breached') {
    deadlines.remember(order.id, 'order', String(data.clockId));
    return;
  }
  if (e.type === CREW_ANSWER_KEPT) {
    order.steps.push(stepView('crew-answer-kept', e, detailOf(data)));
    return;
  }
  const type = EVENT_OF.get(e.type.slice('workorder.'.length) as WorkOrderStepType);
  if (!type) return;
  const event = { type, ...asRecord(data.event ?? null) } as WorkOrderEvent;
  const result = stepWorkOrder(order.record, event, e.ts);
  if ('refused' in result) throw new Error(result.refused);
  order.record = result.next;
  const choice = asRecord(data.choice ?? null);
  if (event.type === 'dispatch' && typeof choice.crewId === 'string') order.crewId = choice.crewId;
  const asked = asRecord(data.outageRequest ?? null);
  const reason = OutageReason.safeParse(asked.reason);
  if (reason.success) {
    order.outageRequest = {
      reason: reason.data,
      note: String(asked.note ?? ''),
      by: e.actor.user,
      // The crew's own time; the event's is when the desk heard of it.
      at: typeof asked.at === 'number' ? asked.at : e.ts,
    };
  }
  order.steps.push(stepView(STEP_OF[event.type], e, detailOf(data)));
}
