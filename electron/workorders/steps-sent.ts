import type { JournalEvent } from '../../shared/journal/event';

/**
 * The journal event naming every alarm one escalation message covered (a
 * storm digest's refs name only its first): after a restart none of them is
 * escalated at that step again.
 */
export const ESCALATION_SENT = 'escalation.sent';

/**
 * The escalation steps that went for each alarm, for its latest incident
 * only (`raisedAt` names the incident). An incident that is over never
 * escalates again, so keeping the steps of every incident since the desk
 * began grew the desk's heap with each alarm it ever raised: a few hundred
 * bytes each, without end, on a desk meant to run for years.
 */
export class StepsSent {
  private readonly byAlarm = new Map<string, { raisedAt: number; steps: Set<number> }>();

  /** Step `step` of the incident raised at `raisedAt` went; the alarm's earlier incident is let go. */
  add(alarmId: string, raisedAt: number, step: number): void {
    const entry = this.byAlarm.get(alarmId);
    if (entry?.raisedAt === raisedAt) entry.steps.add(step);
    else this.byAlarm.set(alarmId, { raisedAt, steps: new Set([step]) });
  }

  /** The steps that went for the incident raised at `raisedAt`, as a set of the caller's own. */
  of(alarmId: string, raisedAt: number): Set<number> {
    const entry = this.byAlarm.get(alarmId);
    return new Set(entry?.raisedAt === raisedAt ? entry.steps : []);
  }

  /** The incident was acknowledged: it escalates no further, whatever happens to it next. */
  acknowledged(alarmId: string, raisedAt: number): void {
    if (this.byAlarm.get(alarmId)?.raisedAt === raisedAt) this.byAlarm.delete(alarmId);
  }

  /** Alarms with an incident whose steps are kept. */
  get size(): number {
    return this.byAlarm.size;
  }
}

/** `${alarmId}|${raisedAt}` as journalled in escalation.sent and in an escalation's refs; null if it is not one. */
export function incidentKey(key: string): { alarmId: string; raisedAt: number } | null {
  const bar = key.lastIndexOf('|');
  const raisedAt = Number(key.slice(bar + 1));
  if (bar <= 0 || key.slice(bar + 1) === '' || !Number.isFinite(raisedAt)) return null;
  return { alarmId: key.slice(0, bar), raisedAt };
}

/**
 * What went out, as FollowUps keeps it: the escalation steps of each
 * alarm's latest incident, and per work order the follow-ups that went
 * (followUpsDue's keys).
 */
export class Told {
  readonly steps = new StepsSent();
  private readonly followUps = new Map<string, Set<string>>();

  /**
   * What went out before a restart, by the refs of its messages, the escalations and the breaches journalled.
   * Messages and escalations in journal order: of an alarm's steps, those of its last incident are kept.
   */
  restore(events: readonly Pick<JournalEvent, 'type' | 'subject' | 'data'>[]): void {
    for (const e of events) {
      const data = e.data as {
        refs?: Record<string, string>;
        clockId?: string;
        step?: number;
        alarms?: string[];
      };
      const order = data.refs?.workOrder;
      const key = data.refs?.followUp;
      if (e.type === ESCALATION_SENT) {
        for (const alarm of data.alarms ?? []) this.stepSent(alarm, data.step);
      } else if (e.type === 'workorder.sla-breached' && data.clockId)
        this.followUpsOf(e.subject).add(`${data.clockId}:missed`);
      else if (key && order) this.followUpsOf(order).add(key.slice(order.length + 1));
      else if (key) {
        // An escalation message's refs: `${alarmId}|${raisedAt}|${step}`.
        const bar = key.lastIndexOf('|');
        this.stepSent(key.slice(0, bar), Number(key.slice(bar + 1)));
      }
    }
  }

  /** The follow-ups that went for the work order, as a set the caller adds to. */
  followUpsOf(workOrderId: string): Set<string> {
    const sent = this.followUps.get(workOrderId) ?? new Set<string>();
    this.followUps.set(workOrderId, sent);
    return sent;
  }

  /** A journalled step of the incident `${alarmId}|${raisedAt}`; a key that is not one is passed over. */
  private stepSent(incident: string, step: number | undefined): void {
    const parsed = incidentKey(incident);
    if (parsed && step !== undefined && Number.isInteger(step))
      this.steps.add(parsed.alarmId, parsed.raisedAt, step);
  }
}
