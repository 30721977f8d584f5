import type { AlarmView, WorkOrderView } from '../../shared/api/contract';
import type { JournalEvent } from '../../shared/journal/event';
import { type AlarmNotice, type Digest, StormDigest } from '../../shared/notify/digest';
import { escalationDue, type FollowUp, followUpsDue } from '../../shared/notify/escalation';
import { NOTIFY_EVENT_TYPES } from '../../shared/notify/events';
import type { Tier } from '../../shared/triage/tiers';
import { isOpen } from '../../shared/workorder/state';
import { Alarmclock, type DeskClock } from '../alarms/clock';
import { SYSTEM_ACTOR } from '../alarms/service';
import type { Logger } from '../log/logger';
import type { Dispatcher } from './dispatch';
import type { DutyJournal } from './journal';
import type { WorkOrderService } from './service';
import { ESCALATION_SENT, Told } from './steps-sent';

export type FollowUpOptions = {
  dispatcher: Dispatcher;
  workOrders: WorkOrderService;
  journal: DutyJournal;
  clock: DeskClock;
  log: Logger;
  /** Escalations of one step go as one message per station and cause per this long (a storm is not 10,000 messages). */
};

const PAGE = 5_000;

/**
 * Every escalation and notify event journalled so far, oldest first, for
 * FollowUps.restore and WorkOrderNotices.restore on a desk without a duty
 * snapshot (a snapshot start reads only those of what is open: sent-index.ts).
 */
export function sentHistory(
  read: (query: { type: string; afterSeq: number; limit: number }) => JournalEvent[],
): JournalEvent[] {
  const events: JournalEvent[] = [];
  for (const type of [ESCALATION_SENT, ...NOTIFY_EVENT_TYPES]) {
    for (let afterSeq = 0; ; ) {
      const page = read({ type, afterSeq, limit: PAGE });
      events.push(...page);
      const last = page.at(-1);
      if (!last || page.length < PAGE) break;
      afterSeq = last.seq;
    }
  }
  return events.sort((a, b) => a.seq - b.seq);
}

const min = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));

/** The nearest deadline still running, for the message. */
function nearestDeadline(clocks: AlarmView['clocks']): number | null {
  let at: number | null = null;
  for (const c of clocks) if (c.kind === 'deadline' && c.state === 'running') at = min(at, c.deadline);
  return at;
}

/**
 * What goes out after the alarm and the dispatch, on the desk clock:
 * the escalation policy's steps for each alarm nobody acknowledges (the
 * on-call lead and crew at once for an emergency, the manager later), one
 * message per station, cause and step per digest interval; and for each
 * dispatched work order the reports and deadlines its crew owes, asked for
 * ahead of time, with a report missed journalled as a breach.
 */
export class FollowUps {
  private readonly unacked = new Map<string, { alarm: AlarmView; sent: Set<number> }>();
  private readonly digests = new Map<string, StormDigest>();
  private readonly orders = new Map<string, WorkOrderView>();
  /** The escalation steps and follow-ups that went. */
  private readonly told = new Told();
  private readonly timer: Alarmclock;

  constructor(private readonly options: FollowUpOptions) {
    this.timer = new Alarmclock(
      options.clock,
      () => this.run(),
      (error) => options.log.error(`follow-up: ${(error as Error).message}`),
    );
  }

  /** What went out before a restart (Told.restore); again with what the archive brings back. */
  restore(events: readonly Pick<JournalEvent, 'type' | 'subject' | 'data'>[]): void {
    this.told.restore(events);
  }

  onAlarms(alarms: readonly AlarmView[]): void {
    for (const alarm of alarms) {
      const key = `${alarm.id}|${alarm.raisedAt}`;
      const waiting =
        this.options.dispatcher.current.escalation.tiers[alarm.tier].length > 0 &&
        alarm.ackedAt === null &&
        alarm.conditionActive &&
        !alarm.shelf &&
        !alarm.suppressedBy &&
        !alarm.outOfService;
      if (alarm.ackedAt !== null) this.told.steps.acknowledged(alarm.id, alarm.raisedAt);
      if (!waiting) this.unacked.delete(key);
      else
        this.unacked.set(key, {
          alarm,
          sent: this.unacked.get(key)?.sent ?? this.told.steps.of(alarm.id, alarm.raisedAt),
        });
    }
    this.run();
  }

  onWorkOrders(orders: readonly WorkOrderView[]): void {
    for (const order of orders) {
      if (isOpen(order.state) && order.dispatchedAt !== null) this.orders.set(order.id, order);
      else this.orders.delete(order.id);
    }
    this.run();
  }

  stop(): void {
    this.timer.clear();
  }

  private run(): void {
    const nowMs = this.options.clock.now();
    this.timer.set(min(this.escalate(nowMs), this.remind(nowMs)));
  }

  private escalate(nowMs: number): number | null {
    const { tiers } = this.options.dispatcher.current.escalation;
    let next: number | null = null;
    for (const [key, { alarm, sent }] of this.unacked) {
      const { due, nextAt } = escalationDue(tiers[alarm.tier], alarm.raisedAt, sent, nowMs);
      next = min(next, nextAt);
      // Every step gone: nothing more to watch for this alarm.
      if (nextAt === null) this.unacked.delete(key);
      for (const step of due) {
        sent.add(step);
        this.told.steps.add(alarm.id, alarm.raisedAt, step);
        const digest = this.digestOf(alarm.tier, step);
        const { send } = digest.offer(this.notice(alarm), nowMs);
        if (send) this.sendEscalation(alarm.tier, step, send);
      }
    }
    for (const [id, digest] of this.digests) {
      const [tier, step] = id.split(':') as [Tier, string];
      for (const held of digest.due(nowMs)) this.sendEscalation(tier, Number(step), held);
      next = min(next, digest.dueAt());
    }
    return next;
  }

  private digestOf(tier: Tier, step: number): StormDigest {
    const id = `${tier}:${step}`;
    const found = this.digests.get(id);
    if (found) return found;
    const digest = new StormDigest(this.options.dispatcher.current.digestMs);
    this.digests.set(id, digest);
    return digest;
  }

  private notice(alarm: AlarmView): AlarmNotice {
    const names = this.options.dispatcher.names(alarm);
    return {
      alarmId: alarm.id,
      stationId: alarm.stationId,
      stationName: names.stationName,
      deviceName: names.deviceName ?? '',
      cause: names.cause,
      tier: alarm.tier,
      deadline: nearestDeadline(alarm.clocks),
      raisedAt: alarm.raisedAt,
    };
  }

  private sendEscalation(tier: Tier, step: number, digest: Digest): void {
    const policy = this.options.dispatcher.current.escalation.tiers[tier][step];
    const first = digest.first[0];
    if (!policy || !first) return;
    const order = this.options.workOrders.openOf(first.alarmId, first.raisedAt)[0] ?? null;
    const devices = digest.first.map((a) => a.deviceName).filter(Boolean);
    const requested = this.options.dispatcher.send(
      policy.notify,
      order?.crewId ?? null,
      {
        stationName: digest.stationName,
        deviceName:
          digest.count > devices.length ? `${devices.join('、')} ×${digest.count}` : devices.join('、'),
        cause: digest.cause,
        tier,
        workOrderId: order?.id ?? null,
        deadline: digest.deadline,
      },
      policy.afterMinutes === 0
        ? { kind: 'alarm' }
        : { kind: 'escalation', unackedMinutes: policy.afterMinutes },
      null,
      { subject: first.alarmId },
      {
        alarm: first.alarmId,
        station: digest.stationId,
        count: String(digest.count),
        followUp: `${first.alarmId}|${first.raisedAt}|${step}`,
      },
    );
    // Nobody to tell (no channel reaches the audience): nothing went out, so nothing is marked as told.
    if (requested.length === 0) return;
    this.options.journal.record({
      type: ESCALATION_SENT,
      subject: `escalation:${digest.stationId}`,
      data: { tier, step, alarms: digest.covered.map((a) => `${a.alarmId}|${a.raisedAt}`) },
      reason: null,
      actor: SYSTEM_ACTOR,
      ts: this.options.clock.now(),
    });
  }

  private remind(nowMs: number): number | null {
    const before = this.options.dispatcher.current.escalation.remindBeforeMinutes * 60_000;
    let next: number | null = null;
    for (const order of this.orders.values()) {
      const sent = this.told.followUpsOf(order.id);
      const { due, nextAt } = followUpsDue(order.clocks, before, sent, nowMs);
      next = min(next, nextAt);
      for (const followUp of due) {
        sent.add(followUp.key);
        if (followUp.kind === 'missed') this.breach(order, followUp, nowMs);
        this.sendReminder(order, followUp);
      }
    }
    return next;
  }

  /** A report owed and not made: a breach, journalled as the deadlines' are. */
  private breach(order: WorkOrderView, followUp: FollowUp, nowMs: number): void {
    this.options.journal.record({
      type: 'workorder.sla-breached',
      subject: order.id,
      data: {
        subject: 'work-order',
        id: order.id,
        clockId: `${followUp.clockId}@${followUp.at}`,
        deadline: followUp.at,
        onBreach: 'escalate',
        stationId: order.stationId,
        tier: order.tier,
      },
      reason: order.clocks.find((c) => c.id === followUp.clockId)?.basis ?? null,
      actor: SYSTEM_ACTOR,
      ts: nowMs,
    });
  }

  private sendReminder(order: WorkOrderView, followUp: FollowUp): void {
    const { dispatcher } = this.options;
    const names = dispatcher.names({
      stationId: order.stationId,
      deviceId: order.deviceIds[0] ?? null,
      cause: null,
    });
    dispatcher.send(
      followUp.kind === 'soon' ? ['crew'] : ['crew', 'on-call-lead'],
      order.crewId,
      {
        stationName: names.stationName,
        deviceName: names.deviceName,
        cause: order.title,
        tier: order.tier,
        workOrderId: order.id,
        deadline: followUp.at,
      },
      {
        kind: 'reminder',
        report: dispatcher.clockWords(followUp.clockId),
        missed: followUp.kind === 'missed',
      },
      null,
      { subject: order.id },
      { workOrder: order.id, station: order.stationId, followUp: `${order.id}|${followUp.key}` },
    );
  }
}
