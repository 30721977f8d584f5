import {
  CLOSED_ORDERS_PER_PAGE,
  type NoticeView,
  type SlaBreach,
  type WorkOrdersDelta,
  type WorkOrdersList,
  type WorkOrdersListParams,
  type WorkOrderView,
} from '../../shared/api/contract';
import type { Station } from '../../shared/api/model';
import type { Load } from '../../shared/crew/rank';
import type { Actor, JsonValue } from '../../shared/journal/event';
import { CREW_ANSWER_KEPT } from '../../shared/sync/crew-link';
import { DEFAULT_SLA_SETTINGS, type SlaSettings, type TimelineEntry } from '../../shared/triage/sla';
import type { DefectClass } from '../../shared/triage/tiers';
import type { OutageReason } from '../../shared/workorder/application';
import { cursorOf, parseCursor } from '../../shared/workorder/closed-pages';
import { isOpen, type Report, stepWorkOrder, type WorkOrderEvent } from '../../shared/workorder/state';
import { type DeskClock, systemClock } from '../alarms/clock';
import { DeadlineWatch } from '../alarms/deadlines';
import { type RecordedEvent, replayEach } from '../alarms/recorded';
import { type AlarmService, SYSTEM_ACTOR } from '../alarms/service';
import { type ArchivedOrder, ClosedOrders, SWEEP_EVERY_MS } from './closed';
import { type DutyJournal, DutyRefusal, nextId } from './journal';
import {
  openingOf,
  type PreventiveRequest,
  STEP_OF,
  stepView,
  type WorkOrder,
  WorkOrderBook,
  type WorkOrderOpening,
} from './orders';
import { replayWorkOrder } from './replay';
import { WorkOrderViews } from './views';

export type WorkOrderServiceOptions = {
  journal: DutyJournal;
  alarms: AlarmService;
  onDelta: (delta: WorkOrdersDelta) => void;
  clock?: DeskClock;
  sla?: SlaSettings;
  /** The notifications about a work order, for its timeline. */
  notices?: (workOrderId: string) => NoticeView[];
  /** Reads closed orders back from the journal: with it, closed orders are let go of after CLOSED_HELD_MS (closed.ts). */
  archived?: (ids: readonly string[]) => ReadonlyMap<string, ArchivedOrder>;
  /** Closed orders were let go of: their notices and snapshot entries can go too. */
  onRelease?: (ids: string[]) => void;
};

/** A roster crew picked for a dispatch, and what the journal keeps of the choice (ranking, override, link grant). */
export type DispatchChoice = { crewId: string; data: Record<string, JsonValue> };

/**
 * Work orders for the alarm queue: opened on one or more alarms of one
 * station, dispatched to a crew, checked in, resolved, accepted — every
 * step journalled, every step fed into the SLA clocks of its alarms and of
 * the order itself, deadlines escalated once each as they pass.
 *
 * This class holds the operator's and the crews' actions; the orders and
 * their index by incident are in orders.ts, the replay on start in
 * replay.ts and how an order reads (clocks, deadlines) in views.ts.
 */
export class WorkOrderService {
  private readonly orders = new WorkOrderBook();
  private readonly views: WorkOrderViews;
  private readonly closed: ClosedOrders;
  private readonly clock: DeskClock;
  private readonly deadlines: DeadlineWatch;
  private changed = new Set<string>();
  private breaches: SlaBreach[] = [];
  private cancelSweep: () => void = () => {};

  constructor(private readonly options: WorkOrderServiceOptions) {
    this.clock = options.clock ?? systemClock;
    this.views = new WorkOrderViews(options.sla ?? DEFAULT_SLA_SETTINGS, options.notices);
    this.deadlines = new DeadlineWatch(this.clock, (ids) => {
      for (const id of ids) this.changed.add(id);
      this.flush();
    });
    this.closed = new ClosedOrders({
      book: this.orders,
      ...(options.archived ? { read: options.archived } : {}),
      current: (i) => options.alarms.isCurrent(i.alarmId, i.raisedAt),
      onDrop: (ids) => {
        for (const id of ids) {
          this.deadlines.forget(id);
          this.changed.delete(id);
        }
        options.onRelease?.(ids);
      },
    });
    this.sweepLater();
  }

  setTopology(stations: readonly Station[]): void {
    this.views.setTopology(stations);
  }

  setSla(settings: SlaSettings): void {
    this.views.setSla(settings);
    for (const id of this.orders.ids()) this.changed.add(id);
    this.flush();
  }

  /** For the alarm service: the work orders of one incident and the clock events they recorded. */
  of(alarmId: string, raisedAt: number): { workOrderIds: string[]; timeline: TimelineEntry[] } {
    const linked = this.orders.ofIncident(alarmId, raisedAt);
    return { workOrderIds: linked.map((o) => o.id), timeline: linked.flatMap((o) => o.record.timeline) };
  }

  /**
   * Every order without params; with `closedWithinMs`, the open ones and
   * those closed that recently; with `closedBefore`, a page of older closed
   * ones, newest first (closed-pages.ts). Views are built only for what is
   * returned: on a five-year desk every order's view is 30 MB of JSON. A
   * closed order the desk let go of is read back from the journal.
   */
  list(params: WorkOrdersListParams = {}): WorkOrdersList {
    const nowMs = this.clock.now();
    const { closedWithinMs, closedBefore } = params;
    const views = (orders: readonly { id: string }[]) =>
      this.viewsOf(
        orders.map((o) => o.id),
        nowMs,
      );
    if (closedBefore !== undefined) {
      const limit = params.limit ?? CLOSED_ORDERS_PER_PAGE;
      const { page, next, older } = this.closed.index.page(parseCursor(closedBefore), limit);
      return { workOrders: views(page), breaches: [], older, next };
    }
    const held = [...this.orders.all()];
    if (closedWithinMs === undefined) {
      const dropped = this.closed.index.all().filter((c) => !this.orders.get(c.id));
      return { workOrders: [...views(dropped), ...views(held)], breaches: [], older: 0, next: null };
    }
    const since = nowMs - closedWithinMs;
    const { recent, older } = this.closed.index.since(since);
    return {
      workOrders: [...views(held.filter((o) => isOpen(o.record.state))), ...views(recent)],
      breaches: [],
      older,
      next: older > 0 ? cursorOf({ closedAt: since, id: '' }) : null,
    };
  }

  /**
   * Each order's id, state and alarms, for the duty snapshot: what it needs
   * to choose subjects, without building the clocks and timelines of every
   * closed order a five-year desk holds (110 ms against a few here).
   */
  refs(): Pick<WorkOrderView, 'id' | 'state' | 'alarmIds'>[] {
    return [...this.orders.all()].map((o) => ({
      id: o.id,
      state: o.record.state,
      alarmIds: o.incidents.map((i) => i.alarmId),
    }));
  }

  get(id: string): WorkOrderView {
    const [view] = this.viewsOf([id], this.clock.now());
    if (!view) throw new DutyRefusal(`no work order "${id}"`);
    return view;
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
    const id = this.record(openingOf(params.title, incidents, params.defectClass), params.note, actor);
    return this.changedOne(id, alarmIds);
  }

  /**
   * A preventive work order from an early warning (issue 19): no alarm
   * stands behind it, so the warning is its incident, and it carries no
   * emergency. Journalled as any other work order, so replay needs nothing new.
   */
  createPreventive(params: PreventiveRequest, actor: Actor): WorkOrderView {
    if (!this.views.hasStation(params.stationId)) throw new DutyRefusal(`no station ${params.stationId}`);
    const data = {
      title: params.title.trim(),
      incidents: [{ alarmId: params.warningId, raisedAt: params.raisedAt }],
      stationId: params.stationId,
      deviceIds: [params.deviceId],
      tier: 'on-site' as const,
      defectClass: 'general' as const,
    };
    return this.changedOne(this.record(data, params.note, actor), []);
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
    return this.orders.loads();
  }

  /** The open work orders of one incident, for whom its escalation names. */
  openOf(alarmId: string, raisedAt: number): { id: string; crewId: string | null; crew: string[] }[] {
    return this.orders
      .ofIncident(alarmId, raisedAt)
      .filter((o) => isOpen(o.record.state))
      .map((o) => ({ id: o.id, crewId: o.crewId, crew: o.record.crew }));
  }

  /** Something shown on the work order changed outside its steps (a notification's delivery). */
  touch(id: string): void {
    if (!this.orders.get(id)) return;
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
      replayWorkOrder(this.orders, this.deadlines, e);
    });
    const orders = [...replayed].flatMap((id) => this.orders.get(id) ?? []);
    for (const order of orders) {
      this.changed.add(order.id);
      this.closed.noteIfClosed(order);
    }
    this.options.alarms.refresh(orders.flatMap((o) => o.incidents.map((i) => i.alarmId)));
    // Once the queue is back, so that an alarm's current incident keeps the orders its view shows.
    this.closed.sweep(this.clock.now(), orders);
    this.flush();
    return problems;
  }

  /** A closed order the start's archive found, by its creation: true if it stays in the journal (closed.ts). */
  leaveInJournal(created: RecordedEvent, closedAt: number): boolean {
    return this.closed.leave(created, closedAt, this.clock.now());
  }

  stop(): void {
    this.deadlines.stop();
    this.cancelSweep();
  }

  /** Looks over the held closed orders on the desk clock, every SWEEP_EVERY_MS. */
  private sweepLater(): void {
    this.cancelSweep = this.clock.after(SWEEP_EVERY_MS, () => {
      this.closed.sweep(this.clock.now());
      this.sweepLater();
    });
  }

  /** Journals a new order and opens it, its creation being its first step; returns its id. */
  private record(data: WorkOrderOpening, note: string | undefined, actor: Actor): string {
    const id = nextId('WO', this.orders.taken());
    const nowMs = this.clock.now();
    const reason = note?.trim() || null;
    const event = this.options.journal.record({
      type: 'workorder.created',
      subject: id,
      data,
      reason,
      actor,
      ts: nowMs,
    });
    this.orders.open(id, data, { id: event.id, actor, ts: nowMs, reason });
    return id;
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
    this.closed.noteIfClosed(order);
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

  /** Journals and queues each deadline of an open order that has passed and was not escalated before. */
  private escalate(order: WorkOrder, nowMs: number): void {
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
      this.views.deadlines(order, nowMs),
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

  /**
   * An order to act on: held, or read back to be refused by the state
   * machine (every order let go of is closed, and a closed order takes no step).
   */
  private find(id: string): WorkOrder {
    const order = this.orders.get(id) ?? this.closed.readBack([id]).get(id)?.order;
    if (!order) throw new DutyRefusal(`no work order "${id}"`);
    if (!this.orders.get(id) && isOpen(order.record.state))
      throw new Error(`work order ${id} is open in the journal but not held`);
    return order;
  }

  /** How orders read now, held or read back from the journal (those not held, at once); an id no order has is left out. */
  private viewsOf(ids: readonly string[], nowMs: number): WorkOrderView[] {
    const back = this.closed.readBack(ids.filter((id) => !this.orders.get(id)));
    return ids.flatMap((id) => {
      const held = this.orders.get(id);
      if (held) return [this.views.view(held, nowMs)];
      const read = back.get(id);
      return read ? [{ ...this.views.view(read.order, nowMs), notices: read.notices }] : [];
    });
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
        return order ? [this.views.view(order, nowMs)] : [];
      });
      const delta = { workOrders, breaches: this.breaches };
      this.changed = new Set();
      this.breaches = [];
      this.options.onDelta(delta);
    }
    this.deadlines.arm();
  }
}
