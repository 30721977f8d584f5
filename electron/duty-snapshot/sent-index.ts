import type { JournalEvent } from '../../shared/journal/event';
import { NOTIFY_EVENT } from '../../shared/notify/events';
import { ESCALATION_SENT, incidentKey } from '../workorders/steps-sent';

/** Whether a journal event says what went out: a notification's, or the escalations an alarm had. */
export function isSentType(type: string): boolean {
  return type === ESCALATION_SENT || type.startsWith('notify.');
}

type SentEvent = Pick<JournalEvent, 'seq' | 'id' | 'type' | 'data'>;

type Message = {
  seqs: number[];
  /** The work order its refs name: its timeline shows it, and a reminder's key is that order's. */
  workOrder: string | null;
  /** Still on its way: its later events come after the next snapshot. */
  open: boolean;
  /** The alarm whose escalation it is, if it is one. */
  alarm: string | null;
};

/** An alarm's incident (`raisedAt`) and the seqs of its escalations: escalation.sent events and escalation messages. */
type Incident = { raisedAt: number; seqs: number[]; messages: string[] };

const SETTLING: ReadonlySet<string> = new Set([
  NOTIFY_EVENT.accepted,
  NOTIFY_EVENT.refused,
  NOTIFY_EVENT.cancelled,
]);

const stringOf = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * Which notify and escalation events a start needs so that nothing that
 * went out before it goes again and no notice goes missing from a timeline:
 * every message of a work order (the notices the timeline shows, the
 * reminders that went), every message still on its way, and for each
 * alarm the escalations of its latest incident (FollowUps keeps only
 * those: steps-sent.ts). A start reads these seqs and the tail after the
 * snapshot instead of every such event since the desk began.
 */
export class SentIndex {
  private readonly messages = new Map<string, Message>();
  private readonly incidents = new Map<string, Incident>();

  /** A notify or escalation event, in seq order. */
  observe(e: SentEvent): void {
    const data = (e.data ?? {}) as Record<string, unknown>;
    if (e.type === ESCALATION_SENT) {
      // As FollowUps.restore takes it: a step that is not a whole number marks nothing.
      if (!Number.isInteger(data.step) || !Array.isArray(data.alarms)) return;
      for (const key of data.alarms) this.incident(stringOf(key), e.seq);
      return;
    }
    if (e.type === NOTIFY_EVENT.requested) {
      const refs = (data.refs ?? {}) as Record<string, unknown>;
      const workOrder = stringOf(refs.workOrder);
      const followUp = stringOf(refs.followUp);
      // An escalation message's refs: `${alarmId}|${raisedAt}|${step}`; one FollowUps cannot read marks nothing.
      const key = !workOrder && followUp ? followUp.slice(0, followUp.lastIndexOf('|')) : '';
      const step = Number(followUp?.slice(key.length + 1));
      const alarm = key && Number.isInteger(step) ? (incidentKey(key)?.alarmId ?? null) : null;
      if (!workOrder && !alarm) return;
      this.messages.set(e.id, { seqs: [e.seq], workOrder, open: true, alarm });
      if (alarm) this.incident(key, e.seq)?.messages.push(e.id);
      return;
    }
    const id = stringOf(data.message) ?? '';
    const message = this.messages.get(id);
    if (!message) return;
    message.seqs.push(e.seq);
    if (!SETTLING.has(e.type)) return;
    message.open = false;
    // An escalation of an incident that is over, settled: no start needs it any more.
    if (message.alarm !== null && !this.incidents.get(message.alarm)?.messages.includes(id))
      this.messages.delete(id);
  }

  /**
   * Events brought back from before the start (a closed work order's, by
   * the archive): the messages this index does not know yet, so a later
   * snapshot names them.
   */
  adopt(events: readonly SentEvent[]): void {
    const known = new Set(this.messages.keys());
    for (const e of events) {
      const id =
        e.type === NOTIFY_EVENT.requested ? e.id : stringOf((e.data as { message?: unknown }).message);
      if (e.type.startsWith('notify.') && id !== null && !known.has(id)) this.observe(e);
    }
  }

  /** The settled messages of closed work orders let go of: no start needs them for the timeline. */
  forget(workOrders: ReadonlySet<string>): void {
    for (const [id, message] of this.messages) {
      if (!message.open && message.workOrder !== null && workOrders.has(message.workOrder))
        this.messages.delete(id);
    }
  }

  /**
   * The seqs a start from here needs, ascending: the messages of the work
   * orders among `subjects`, the escalations of the alarms among them, and
   * every message still open.
   */
  pick(subjects: ReadonlySet<string>): number[] {
    const seqs = new Set<number>();
    const add = (message: Message | undefined) => {
      for (const seq of message?.seqs ?? []) seqs.add(seq);
    };
    for (const message of this.messages.values()) {
      if (message.open || (message.workOrder !== null && subjects.has(message.workOrder))) add(message);
    }
    for (const [alarm, incident] of this.incidents) {
      if (!subjects.has(alarm)) continue;
      for (const seq of incident.seqs) seqs.add(seq);
      for (const id of incident.messages) add(this.messages.get(id));
    }
    return [...seqs].sort((a, b) => a - b);
  }

  /**
   * The alarm's incident named by `key` (`${alarmId}|${raisedAt}`) gets the
   * event at `seq`; a later incident lets the earlier one's escalation
   * messages go, as FollowUps does.
   */
  private incident(key: string | null, seq: number): Incident | null {
    const parsed = key === null ? null : incidentKey(key);
    if (!parsed) return null;
    let incident = this.incidents.get(parsed.alarmId);
    if (incident?.raisedAt !== parsed.raisedAt) {
      for (const id of incident?.messages ?? []) {
        if (!this.messages.get(id)?.open) this.messages.delete(id);
      }
      incident = { raisedAt: parsed.raisedAt, seqs: [], messages: [] };
      this.incidents.set(parsed.alarmId, incident);
    }
    incident.seqs.push(seq);
    return incident;
  }
}
