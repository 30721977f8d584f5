import type {
  NoticeView,
  SlaBreach,
  WorkOrderStepView,
  WorkOrdersDelta,
  WorkOrderView,
} from '../../shared/api/contract';
import type { Station } from '../../shared/api/model';
import { crewLoads, type Load } from '../../shared/crew/rank';
import type { Actor, JsonValue } from '../../shared/journal/event';
import { CREW_ANSWER_KEPT } from '../../shared/sync/crew-link';
import {
  type ClockView,
  clocks,
  DEFAULT_SLA_SETTINGS,
  presetFor,
  type SlaSettings,
  type TimelineEntry,
} from '../../shared/triage/sla';
import { type DefectClass, type Tier, Tier as TierSchema } from '../../shared/triage/tiers';
import { OutageReason } from '../../shared/workorder/application';
import { defectDeadline } from '../../shared/workorder/defects';
import {
  isOpen,
  newWorkOrder,
  type Report,
  stepWorkOrder,
  type WorkOrderEvent,
  type WorkOrderRecord,
  type WorkOrderStepType,
} from '../../shared/workorder/state';
import { type DeskClock, systemClock } from '../alarms/clock';
import { DeadlineWatch } from '../alarms/deadlines';
import { asRecord, type RecordedEvent, replayEach } from '../alarms/recorded';
import { type AlarmService, SYSTEM_ACTOR } from '../alarms/service';
import { type DutyJournal, DutyRefusal, nextId } from './journal';

type Incident = { alarmId: string; raisedAt: number };

type WorkOrder = {
  id: string;
  title: string;
  incidents: Incident[];
  stationId: string;
  deviceIds: string[];
  tier: Tier;
  defectClass: DefectClass;
  createdBy: string;
  record: WorkOrderRecord;
  steps: WorkOrderStepView[];
  /** The roster crew it went to, for the crews' loads and whom its reminders go to. */
  crewId: string | null;
  /** The crew's latest request for an outage from its page, for the desk's application. */
  outageRequest: OutageRequest | null;
};

/** What a crew asked for when it could not fix the fault in time (seed 001 停运申请). */
export type OutageRequest = { reason: OutageReason; note: string; by: string; at: number };

const STEP_OF: Readonly<Record<WorkOrderEvent['type'], WorkOrderStepType>> = {
  dispatch: 'dispatched',
  receive: 'received',
  depart: 'en-route',
  arrive: 'arrived',
  resolve: 'resolved',
  accept: 'accepted',
  reopen: 'reopened',
  'apply-outage': 'outage-applied',
  cancel: 'cancelled',
  report: 'reported',
};
const EVENT_OF = new Map(Object.entries(STEP_OF).map(([event, step]) => [step, event]));

const TIER_RANK: Readonly<Record<Tier, number>> = { remote: 0, 'on-site': 1, emergency: 2 };
const CLASS_RANK: Readonly<Record<DefectClass, number>> = { general: 0, serious: 1, critical: 2 };

export type WorkOrderServiceOptions = {
  journal: DutyJournal;
  alarms: AlarmService;
  onDelta: (delta: WorkOrdersDelta) => void;
  clock?: DeskClock;
  sla?: SlaSettings;
  /** The notifications about a work order, for its timeline. */
  notices?: (workOrderId: string) => NoticeView[];
};

/** A roster crew picked for a dispatch, and what the journal keeps of the choice (ranking, override, link grant). */
export type DispatchChoice = { crewId: string; data: Record<string, JsonValue> };

/**
 * Work orders for the alarm queue: opened on one or more alarms of one
 * station, dispatched to a crew, checked in, resolved, accepted — every
 * step journalled, every step fed into the SLA clocks of its alarms and of
 * the order itself, deadlines escalated once each as they pass.
 */
export class WorkOrderService {
  private readonly orders = new Map<string, WorkOrder>();
  private stations = new Map<string, Station>();
  private sla: SlaSettings;
  private readonly clock: DeskClock;
  private readonly deadlines: DeadlineWatch;
  /** `${alarmId}|${raisedAt}` → the orders opened for that incident, for the alarm views. */
  private readonly byIncident = new Map<string, WorkOrder[]>();
  private changed = new Set<string>();
  private breaches: SlaBreach[] = [];

  constructor(private readonly options: WorkOrderServiceOptions) {
    this.clock = options.clock ?? systemClock;
    this.sla = options.sla ?? DEFAULT_SLA_SETTINGS;
    this.deadlines = new DeadlineWatch(this.clock, (ids) => {
      for (const id of ids) this.changed.add(id);
      this.flush();
    });
  }

  setTopology(stations: readonly Station[]): void {
    this.stations = new Map(stations.map((s) => [s.id, s]));
  }

  setSla(settings: SlaSettings): void {
    this.sla = settings;
    for (const id of this.orders.keys()) this.changed.add(id);
    this.flush();
  }

  /** For the alarm service: the work orders of one incident and the clock events they recorded. */
  of(alarmId: string, raisedAt: number): { workOrderIds: string[]; timeline: TimelineEntry[] } {
    const linked = this.byIncident.get(`${alarmId}|${raisedAt}`) ?? [];
    return { workOrderIds: linked.map((o) => o.id), timeline: linked.flatMap((o) => o.record.timeline) };
  }

  list(): WorkOrdersDelta {
    const nowMs = this.clock.now();
    return { workOrders: [...this.orders.values()].map((o) => this.view(o, nowMs)), breaches: [] };
  }

  get(id: string): WorkOrderView {
    return this.view(this.find(id), this.clock.now());
  }

  create(
    params: { alarmIds: string[]; title: string; defectClass?: DefectClass; note?: string },
    actor: Actor,
  ): WorkOrderView {
    const alarmIds = [...new Set(params.alarmIds)];
    const incidents = alarmIds.map((id) => this.options.alarms.incident(id));
    const stationIds = new Set(incidents.map((i) => i.stationId));
    if (stationIds.size > 1) {
      throw new DutyRefusal(
        `one work order covers one station; these alarms are at ${[...stationIds].join(', ')}`,
      );
    }
    const worst = <T extends string>(values: T[], rank: Readonly<Record<T, number>>) =>
      values.reduce((a, b) => (rank[b] > rank[a] ? b : a));
    const nowMs = this.clock.now();
    const id = nextId('WO', this.orders.keys());
    const data = {
      title: params.title.trim(),
      incidents: incidents.map((i) => ({ alarmId: i.id, raisedAt: i.raisedAt })),
      stationId: incidents[0]?.stationId ?? '',
      deviceIds: [...new Set(incidents.flatMap((i) => (i.deviceId ? [i.deviceId] : [])))],
      tier: worst(
        incidents.map((i) => i.tier),
        TIER_RANK,
      ),
      defectClass:
        params.defectClass ??
        worst(
          incidents.map((i) => i.defectClass),
          CLASS_RANK,
        ),
    };
    const event = this.options.journal.record({
      type: 'workorder.created',
      subject: id,
      data,
      reason: params.note?.trim() || null,
      actor,
      ts: nowMs,
    });
    this.open(id, data, actor, nowMs, event.id, params.note?.trim() || null);
    return this.changedOne(id, alarmIds);
  }

  /**
   * A preventive work order from an early warning (issue 19): no alarm
   * stands behind it, so the warning is its incident, and it carries no
   * emergency. Journalled as any other work order, so replay needs nothing new.
   */
  createPreventive(
    params: {
      warningId: string;
      raisedAt: number;
      stationId: string;
      deviceId: string;
      title: string;
      note?: string;
    },
    actor: Actor,
  ): WorkOrderView {
    if (!this.stations.has(params.stationId)) throw new DutyRefusal(`no station ${params.stationId}`);
    const nowMs = this.clock.now();
    const id = nextId('WO', this.orders.keys());
    const data = {
      title: params.title.trim(),
      incidents: [{ alarmId: params.warningId, raisedAt: params.raisedAt }],
      stationId: params.stationId,
      deviceIds: [params.deviceId],
      tier: 'on-site' as const,
      defectClass: 'general' as const,
    };
    const note = params.note?.trim() || null;
    const event = this.options.journal.record({
      type: 'workorder.created',
      subject: id,
      data,
      reason: note,
      actor,
      ts: nowMs,
    });
    this.open(id, data, actor, nowMs, event.id, note);
    return this.changedOne(id, []);
  }

  dispatch(
    id: string,
    crew: string[],
    note: string | undefined,
    actor: Actor,
    choice?: DispatchChoice,
  ): WorkOrderView {
    return this.act(
      id,
      { type: 'dispatch', crew },
      actor,
      note,
      crew.map((n) => n.trim()).join(', '),
      choice,
    );
  }

  /** What each roster crew is on now, from the open work orders dispatched to it. */
  loads(): Map<string, Load> {
    return crewLoads(
      [...this.orders.values()].map((o) => ({
        crewId: o.crewId,
        tier: o.tier,
        open: isOpen(o.record.state),
      })),
    );
  }

  /** The open work orders of one incident, for whom its escalation names. */
  openOf(alarmId: string, raisedAt: number): { id: string; crewId: string | null; crew: string[] }[] {
    return (this.byIncident.get(`${alarmId}|${raisedAt}`) ?? [])
      .filter((o) => isOpen(o.record.state))
      .map((o) => ({ id: o.id, crewId: o.crewId, crew: o.record.crew }));
  }

  /** Something shown on the work order changed outside its steps (a notification's delivery). */
  touch(id: string): void {
    if (!this.orders.has(id)) return;
    this.changed.add(id);
    this.flush();
  }

  /** The crew confirmed the job at `at` (its own time). */
  receive(id: string, at: number, note: string | undefined, actor: Actor): WorkOrderView {
    return this.act(id, { type: 'receive', at }, actor, note, new Date(at).toISOString());
  }

  /** The crew set off for the station at `at` (its own time). */
  depart(id: string, at: number, note: string | undefined, actor: Actor): WorkOrderView {
    return this.act(id, { type: 'depart', at }, actor, note, new Date(at).toISOString());
  }

  /**
   * Journals a crew answer that may not move the order (closed meanwhile),
   * at the crew's own time, and shows it on the order's timeline; nothing
   * else changes. An order this desk does not know still gets the record.
   */
  keepAnswer(
    id: string,
    kept: { said: string; refused: string; at: number; data: JsonValue },
    actor: Actor,
  ): void {
    const recorded = this.options.journal.record({
      type: CREW_ANSWER_KEPT,
      subject: id,
      data: { answer: kept.data, refused: kept.refused, detail: kept.said },
      reason: kept.refused,
      actor,
      ts: kept.at,
    });
    const order = this.orders.get(id);
    if (!order) return;
    order.steps.push(
      stepView('crew-answer-kept', { id: recorded.id, actor, ts: kept.at, reason: kept.refused }, kept.said),
    );
    this.changed.add(id);
    this.flush();
  }

  arrive(id: string, checkInAt: number, note: string | undefined, actor: Actor): WorkOrderView {
    return this.act(id, { type: 'arrive', checkInAt }, actor, note, new Date(checkInAt).toISOString());
  }

  resolve(id: string, work: string, actor: Actor): WorkOrderView {
    return this.act(id, { type: 'resolve', work }, actor, undefined, work.trim());
  }

  accept(id: string, note: string | undefined, actor: Actor): WorkOrderView {
    return this.act(id, { type: 'accept', by: actor.user }, actor, note, null);
  }

  reopen(id: string, reason: string, actor: Actor): WorkOrderView {
    return this.act(id, { type: 'reopen', reason }, actor, reason, null);
  }

  cancel(id: string, reason: string, actor: Actor): WorkOrderView {
    return this.act(id, { type: 'cancel', reason }, actor, reason, null);
  }

  report(id: string, report: Report, note: string, actor: Actor): WorkOrderView {
    return this.act(id, { type: 'report', report }, actor, note, report);
  }

  /**
   * The crew asks for an outage (it cannot fix the fault in time): a status
   * report on the timeline carrying the request, which prefills the desk's
   * outage application until one is filed.
   */
  requestOutage(
    id: string,
    request: { reason: OutageReason; note: string; at: number },
    said: string,
    actor: Actor,
  ): WorkOrderView {
    const order = this.find(id);
    const before = order.outageRequest;
    order.outageRequest = { reason: request.reason, note: request.note, by: actor.user, at: request.at };
    try {
      return this.act(
        id,
        { type: 'report', report: 'status-reported' },
        actor,
        said,
        'status-reported',
        undefined,
        {
          outageRequest: { reason: request.reason, note: request.note, at: request.at },
        },
      );
    } catch (error) {
      order.outageRequest = before;
      throw error;
    }
  }

  /** Whether an outage could be applied to this work order now; the application checks before it files. */
  checkOutage(id: string, applicationId: string): void {
    const result = stepWorkOrder(
      this.find(id).record,
      { type: 'apply-outage', applicationId },
      this.clock.now(),
    );
    if ('refused' in result) throw new DutyRefusal(`work order ${id}: ${result.refused}`);
  }

  applyOutage(id: string, applicationId: string, actor: Actor): WorkOrderView {
    return this.act(id, { type: 'apply-outage', applicationId }, actor, undefined, applicationId);
  }

  /** Rebuilds the work orders from the journal, steps replayed through the same state machine. */
  restore(events: Iterable<RecordedEvent>): string[] {
    // Called again for closed orders brought back after the queue (duty-snapshot/archive.ts): only those are news.
    const replayed = new Set<string>();
    const problems = replayEach(events, 'workorder.', (e) => {
      replayed.add(e.subject);
      this.replay(e);
    });
    const orders = [...replayed].flatMap((id) => this.orders.get(id) ?? []);
    for (const order of orders) this.changed.add(order.id);
    this.options.alarms.refresh(orders.flatMap((o) => o.incidents.map((i) => i.alarmId)));
    this.flush();
    return problems;
  }

  stop(): void {
    this.deadlines.stop();
  }

  private replay(e: RecordedEvent): void {
    const data = asRecord(e.data);
    if (e.type === 'workorder.created') {
      const incidents = (Array.isArray(data.incidents) ? data.incidents : []).map((i) => {
        const r = asRecord(i);
        return { alarmId: String(r.alarmId), raisedAt: Number(r.raisedAt) };
      });
      this.open(
        e.subject,
        {
          title: String(data.title ?? ''),
          incidents,
          stationId: String(data.stationId ?? ''),
          deviceIds: (Array.isArray(data.deviceIds) ? data.deviceIds : []).map(String),
          tier: TierSchema.parse(data.tier),
          defectClass: String(data.defectClass) as DefectClass,
        },
        e.actor,
        e.ts,
        e.id,
        e.reason,
      );
      return;
    }
    const order = this.find(e.subject);
    if (e.type === 'workorder.sla-breached') {
      this.deadlines.remember(order.id, 'order', String(data.clockId));
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

  private open(
    id: string,
    data: Omit<WorkOrder, 'id' | 'createdBy' | 'record' | 'steps' | 'crewId' | 'outageRequest'>,
    actor: Actor,
    atMs: number,
    journalId: string,
    note: string | null,
  ): void {
    const order: WorkOrder = {
      id,
      ...data,
      createdBy: actor.user,
      crewId: null,
      outageRequest: null,
      record: newWorkOrder(atMs),
      steps: [
        stepView(
          'created',
          { id: journalId, actor, ts: atMs, reason: note },
          data.incidents.map((i) => i.alarmId).join(', '),
        ),
      ],
    };
    this.orders.set(id, order);
    for (const { alarmId, raisedAt } of data.incidents) {
      const key = `${alarmId}|${raisedAt}`;
      this.byIncident.set(key, [...(this.byIncident.get(key) ?? []), order]);
    }
  }

  private find(id: string): WorkOrder {
    const order = this.orders.get(id);
    if (!order) throw new DutyRefusal(`no work order "${id}"`);
    return order;
  }

  private act(
    id: string,
    event: WorkOrderEvent,
    actor: Actor,
    reason: string | undefined,
    detail: string | null,
    choice?: DispatchChoice,
    extra: Record<string, JsonValue> = {},
  ): WorkOrderView {
    const order = this.find(id);
    const nowMs = this.clock.now();
    const result = stepWorkOrder(order.record, event, nowMs);
    if ('refused' in result) throw new DutyRefusal(result.refused);
    const { type, ...payload } = event;
    const recorded = this.options.journal.record({
      type: `workorder.${STEP_OF[type]}`,
      subject: id,
      data: { ...choice?.data, ...extra, event: payload as JsonValue, detail, stationId: order.stationId },
      reason: reason?.trim() || null,
      actor,
      ts: nowMs,
    });
    order.record = result.next;
    if (choice) order.crewId = choice.crewId;
    order.steps.push(
      stepView(STEP_OF[type], { id: recorded.id, actor, ts: nowMs, reason: reason?.trim() || null }, detail),
    );
    return this.changedOne(
      id,
      order.incidents.map((i) => i.alarmId),
    );
  }

  private changedOne(id: string, alarmIds: string[]): WorkOrderView {
    this.changed.add(id);
    this.flush();
    this.options.alarms.refresh(alarmIds);
    return this.get(id);
  }

  private raisedAt(order: WorkOrder): number {
    return Math.min(...order.incidents.map((i) => i.raisedAt));
  }

  private clocksOf(order: WorkOrder, nowMs: number) {
    const station = this.stations.get(order.stationId);
    if (!station) return { preset: this.sla.defaultPreset, views: [] };
    const preset = presetFor(station, this.sla);
    const timeline = [{ event: 'raised' as const, at: this.raisedAt(order) }, ...order.record.timeline];
    return { preset: preset.id, views: clocks(preset, order.tier, station, timeline, nowMs) };
  }

  private deadlineOf(order: WorkOrder, nowMs: number) {
    return defectDeadline(order.defectClass, order.record.createdAt, order.record.resolvedAt, nowMs);
  }

  private view(order: WorkOrder, nowMs: number): WorkOrderView {
    const { record } = order;
    const { preset, views } = this.clocksOf(order, nowMs);
    return {
      id: order.id,
      state: record.state,
      alarmIds: order.incidents.map((i) => i.alarmId),
      stationId: order.stationId,
      deviceIds: order.deviceIds,
      tier: order.tier,
      defectClass: order.defectClass,
      defectDeadline: this.deadlineOf(order, nowMs),
      title: order.title,
      createdAt: record.createdAt,
      createdBy: order.createdBy,
      crew: record.crew,
      dispatchedAt: record.dispatchedAt,
      checkInAt: record.checkInAt,
      resolvedAt: record.resolvedAt,
      work: record.work,
      acceptedAt: record.acceptedAt,
      acceptedBy: record.acceptedBy,
      outageApplicationId: record.outageApplicationId,
      outagePrompt:
        isOpen(record.state) &&
        views.some(
          (v) =>
            v.kind === 'deadline' &&
            v.onBreach === 'prompt-outage' &&
            v.state === 'breached' &&
            v.stoppedAt === null,
        ),
      slaPreset: preset,
      clocks: views,
      steps: order.steps,
      crewId: order.crewId,
      notices: this.options.notices?.(order.id) ?? [],
      crewOutageRequest:
        order.outageRequest &&
        isOpen(record.state) &&
        record.outageApplicationId === null &&
        record.state !== 'resolved'
          ? order.outageRequest
          : null,
    };
  }

  /** Journals and queues each deadline of an open order that has passed and was not escalated before. */
  private escalate(order: WorkOrder, nowMs: number): void {
    const { views } = this.clocksOf(order, nowMs);
    const defect = this.deadlineOf(order, nowMs);
    const defectClock: ClockView = {
      kind: 'deadline',
      id: 'defect',
      state: defect.state,
      startedAt: order.record.createdAt,
      deadline: defect.deadline,
      stoppedAt: order.record.resolvedAt,
      remainingMs: defect.deadline - (order.record.resolvedAt ?? nowMs),
      onBreach: 'escalate',
      basis: defect.basis,
    };
    const subject = {
      subject: 'work-order' as const,
      id: order.id,
      stationId: order.stationId,
      tier: order.tier,
    };
    const open = isOpen(order.record.state);
    for (const { basis, ...breach } of this.deadlines.observe(
      subject,
      'order',
      [...views, defectClock],
      open,
    )) {
      this.options.journal.record({
        type: 'workorder.sla-breached',
        subject: order.id,
        data: breach,
        reason: basis,
        actor: SYSTEM_ACTOR,
        ts: nowMs,
      });
      this.breaches.push(breach);
    }
  }

  private flush(): void {
    const nowMs = this.clock.now();
    for (const id of this.changed) {
      const order = this.orders.get(id);
      if (order) this.escalate(order, nowMs);
    }
    if (this.changed.size > 0) {
      const workOrders = [...this.changed].flatMap((id) => {
        const order = this.orders.get(id);
        return order ? [this.view(order, nowMs)] : [];
      });
      const delta = { workOrders, breaches: this.breaches };
      this.changed = new Set();
      this.breaches = [];
      this.options.onDelta(delta);
    }
    this.deadlines.arm();
  }
}

function detailOf(data: Record<string, JsonValue>): string | null {
  return typeof data.detail === 'string' ? data.detail : null;
}

function stepView(
  step: WorkOrderStepType,
  e: Pick<RecordedEvent, 'id' | 'actor' | 'ts' | 'reason'>,
  detail: string | null,
): WorkOrderStepView {
  return { step, at: e.ts, by: e.actor.user, role: e.actor.role, reason: e.reason, detail, journalId: e.id };
}
