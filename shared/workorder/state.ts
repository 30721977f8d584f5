import { z } from 'zod';
import { SlaEvent, type TimelineEntry } from '../triage/sla';

/**
 * A work order's life (seed 001 处置流程: 派单 → 到场 → 处置 → 验收, or 停运申请
 * when it cannot be fixed in time). Between dispatch and arrival the crew's
 * own answers show where it stands (000 调度中心跟踪进度): received (接单)
 * and en route (在途); neither stops an SLA clock.
 */
export const WorkOrderState = z.enum([
  'created',
  'dispatched',
  'received',
  'en-route',
  'on-site',
  'resolved',
  'accepted',
  'outage-applied',
  'cancelled',
]);
export type WorkOrderState = z.infer<typeof WorkOrderState>;

/** What the desk records against a work order; each is one journal event. */
export const WorkOrderStepType = z.enum([
  'created',
  'dispatched',
  'received',
  'en-route',
  'arrived',
  'resolved',
  'accepted',
  'reopened',
  'outage-applied',
  'cancelled',
  'reported',
  /** A crew answer that came for an order closed meanwhile: kept on the timeline, nothing moved. */
  'crew-answer-kept',
]);
export type WorkOrderStepType = z.infer<typeof WorkOrderStepType>;

/** Reports that stop a plan clock or satisfy an emergency reminder (000 信息实时汇报通道). */
export const Report = SlaEvent.extract([
  'planned',
  'progress-reported',
  'status-reported',
  'materials-reported',
]);
export type Report = z.infer<typeof Report>;

const Text = z.string().trim().min(1);

export const WorkOrderEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('dispatch'), crew: z.array(z.string()) }).strict(),
  /** The crew confirmed the job, at its own time. */
  z.object({ type: z.literal('receive'), at: z.number() }).strict(),
  /** The crew set off for the station, at its own time. */
  z.object({ type: z.literal('depart'), at: z.number() }).strict(),
  z.object({ type: z.literal('arrive'), checkInAt: z.number() }).strict(),
  z.object({ type: z.literal('resolve'), work: z.string() }).strict(),
  z.object({ type: z.literal('accept'), by: Text }).strict(),
  z.object({ type: z.literal('reopen'), reason: z.string() }).strict(),
  z.object({ type: z.literal('apply-outage'), applicationId: Text }).strict(),
  z.object({ type: z.literal('cancel'), reason: z.string() }).strict(),
  z.object({ type: z.literal('report'), report: Report }).strict(),
]);
export type WorkOrderEvent = z.infer<typeof WorkOrderEvent>;
export type WorkOrderEventType = WorkOrderEvent['type'];

/** What a work order collects on its way, the same in the record and in the view of it. */
export const WorkOrderProgress = z.object({
  /** The named people sent out (≥ 2, seed 001). */
  crew: z.array(z.string()),
  dispatchedAt: z.number().nullable(),
  /** When the crew checked in on site (may be earlier than when the desk recorded it). */
  checkInAt: z.number().nullable(),
  resolvedAt: z.number().nullable(),
  /** What was done, as the crew reported it. */
  work: z.string().nullable(),
  acceptedAt: z.number().nullable(),
  acceptedBy: z.string().nullable(),
  /** The outage application filed for it (Shaoxing: not fixed 2 h after dispatch). */
  outageApplicationId: z.string().nullable(),
});

export const WorkOrderRecord = z
  .object({
    state: WorkOrderState,
    createdAt: z.number(),
    ...WorkOrderProgress.shape,
    /** Clock-relevant events in order; a reopen takes back the `fixed` before it. */
    timeline: z.array(z.object({ event: SlaEvent, at: z.number() }).strict()),
  })
  .strict();
export type WorkOrderRecord = z.infer<typeof WorkOrderRecord>;

/** `rework`: back on site if the crew had checked in, else back to created (a remote fix that did not hold). */
type Target = WorkOrderState | 'stay' | 'rework';
type Rule = { to: Target } | { refuse: string };
const go = (to: Target): Rule => ({ to });
const no = (refuse: string): Rule => ({ refuse });

const CLOSED = no('the work order is closed');
const CANCELLED = no('the work order is cancelled');
const NOT_DISPATCHED = no('check-in of a work order that was never dispatched');
const NOT_RESOLVED = (what: string) => no(`${what} of a work order that is not resolved`);
const NOT_SENT = no('the crew’s answer for a work order that was never dispatched');
const ALREADY_RECEIVED = no('the crew has already received the job');
const ON_SITE = no('the crew is already on site');
const RESOLVED = no('the work order is resolved: accept or reopen it');
const DISPATCHED = no('the work order is already dispatched');
const CHECK_IN_FIRST = no('record the crew’s check-in on site before the resolution');

/** The row of a state that ends the order: every event is refused with the same reason. */
const refusesAll = (rule: Rule): Record<WorkOrderEventType, Rule> =>
  Object.fromEntries(WorkOrderEvent.options.map((o) => [o.shape.type.value, rule])) as Record<
    WorkOrderEventType,
    Rule
  >;

/**
 * The work order's state diagram: row = current state, column = event.
 * A remote-tier fault may be resolved straight from `created` (fixed
 * remotely, nobody sent); a dispatched crew must check in before it can
 * resolve, so the arrive clock always has its stop.
 */
export const WORK_ORDER_TRANSITIONS: Readonly<
  Record<WorkOrderState, Readonly<Record<WorkOrderEventType, Rule>>>
> = {
  created: {
    dispatch: go('dispatched'),
    receive: NOT_SENT,
    depart: NOT_SENT,
    arrive: NOT_DISPATCHED,
    resolve: go('resolved'),
    accept: NOT_RESOLVED('acceptance'),
    reopen: NOT_RESOLVED('reopen'),
    'apply-outage': go('outage-applied'),
    cancel: go('cancelled'),
    report: go('stay'),
  },
  dispatched: {
    dispatch: DISPATCHED,
    receive: go('received'),
    depart: go('en-route'),
    arrive: go('on-site'),
    resolve: CHECK_IN_FIRST,
    accept: NOT_RESOLVED('acceptance'),
    reopen: NOT_RESOLVED('reopen'),
    'apply-outage': go('outage-applied'),
    cancel: go('cancelled'),
    report: go('stay'),
  },
  received: {
    dispatch: DISPATCHED,
    receive: ALREADY_RECEIVED,
    depart: go('en-route'),
    arrive: go('on-site'),
    resolve: CHECK_IN_FIRST,
    accept: NOT_RESOLVED('acceptance'),
    reopen: NOT_RESOLVED('reopen'),
    'apply-outage': go('outage-applied'),
    cancel: go('cancelled'),
    report: go('stay'),
  },
  'en-route': {
    dispatch: DISPATCHED,
    receive: ALREADY_RECEIVED,
    depart: no('the crew is already on its way'),
    arrive: go('on-site'),
    resolve: CHECK_IN_FIRST,
    accept: NOT_RESOLVED('acceptance'),
    reopen: NOT_RESOLVED('reopen'),
    'apply-outage': go('outage-applied'),
    cancel: go('cancelled'),
    report: go('stay'),
  },
  'on-site': {
    dispatch: no('the crew is already on site'),
    receive: ON_SITE,
    depart: ON_SITE,
    arrive: no('the crew has already checked in'),
    resolve: go('resolved'),
    accept: NOT_RESOLVED('acceptance'),
    reopen: NOT_RESOLVED('reopen'),
    'apply-outage': go('outage-applied'),
    cancel: no('the crew is on site: resolve the work order or apply for an outage'),
    report: go('stay'),
  },
  resolved: {
    dispatch: RESOLVED,
    receive: RESOLVED,
    depart: RESOLVED,
    arrive: RESOLVED,
    resolve: no('the work order is already resolved'),
    accept: go('accepted'),
    reopen: go('rework'),
    'apply-outage': RESOLVED,
    cancel: RESOLVED,
    report: go('stay'),
  },
  accepted: refusesAll(CLOSED),
  // 001: the outage buys 5 days for the repair; the crew comes (back) and finishes it.
  'outage-applied': {
    dispatch: go('dispatched'),
    // The crew already holds the job; on its way back for the repair it shows as en route.
    receive: no('an outage is applied: the crew already has the job'),
    depart: go('en-route'),
    arrive: go('on-site'),
    resolve: CHECK_IN_FIRST,
    accept: NOT_RESOLVED('acceptance'),
    reopen: NOT_RESOLVED('reopen'),
    'apply-outage': no('an outage is already applied for this work order'),
    cancel: no('an outage is applied: resolve the work order, then resume the device'),
    report: go('stay'),
  },
  cancelled: refusesAll(CANCELLED),
};

/** Seed 001 处置流程: 作业人员不少于2人. */
export const MIN_CREW = 2;

export function newWorkOrder(createdAt: number): WorkOrderRecord {
  return {
    state: 'created',
    createdAt,
    crew: [],
    dispatchedAt: null,
    checkInAt: null,
    resolvedAt: null,
    work: null,
    acceptedAt: null,
    acceptedBy: null,
    outageApplicationId: null,
    timeline: [],
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

function checkEvent(order: WorkOrderRecord, event: WorkOrderEvent, nowMs: number): string | null {
  switch (event.type) {
    case 'dispatch': {
      if (order.crew.length > 0 && order.state !== 'outage-applied')
        return 'the work order is already dispatched';
      const names = event.crew.map((n) => n.trim()).filter(Boolean);
      const distinct = new Set(names.map((n) => n.toLowerCase()));
      if (distinct.size !== names.length) return 'the crew names the same person twice';
      if (names.length < MIN_CREW) {
        return `a crew needs at least ${MIN_CREW} named people (seed 001: 作业人员不少于2人); got ${names.length}`;
      }
      return null;
    }
    case 'receive':
    case 'depart':
      return crewTimeProblem(order, event.at, nowMs);
    case 'arrive': {
      if (event.checkInAt > nowMs) return `check-in at ${iso(event.checkInAt)} is in the future`;
      if (order.dispatchedAt !== null && event.checkInAt < order.dispatchedAt) {
        return `check-in at ${iso(event.checkInAt)} is before the dispatch at ${iso(order.dispatchedAt)}`;
      }
      return order.dispatchedAt === null ? 'check-in of a work order that was never dispatched' : null;
    }
    case 'resolve':
      return event.work.trim() ? null : 'say what was done';
    case 'accept':
      return order.crew.some((n) => n.trim().toLowerCase() === event.by.trim().toLowerCase())
        ? `${event.by} was on the crew: acceptance needs someone who did not do the work`
        : null;
    case 'reopen':
    case 'cancel':
      return event.reason.trim() ? null : `${event.type} needs a reason`;
    default:
      return null;
  }
}

/** A crew's answer carries its own time: not in the future, not before the dispatch. */
function crewTimeProblem(order: WorkOrderRecord, at: number, nowMs: number): string | null {
  if (at > nowMs) return `the crew's time ${iso(at)} is in the future`;
  if (order.dispatchedAt !== null && at < order.dispatchedAt) {
    return `the crew's time ${iso(at)} is before the dispatch at ${iso(order.dispatchedAt)}`;
  }
  return null;
}

/** The SLA event each step feeds into the clocks of its alarms (shared/triage/sla.ts). */
function slaEntry(event: WorkOrderEvent, nowMs: number): TimelineEntry | null {
  switch (event.type) {
    case 'dispatch':
      return { event: 'dispatched', at: nowMs };
    case 'arrive':
      return { event: 'arrived', at: event.checkInAt };
    case 'resolve':
      return { event: 'fixed', at: nowMs };
    case 'apply-outage':
      return { event: 'outage-applied', at: nowMs };
    case 'report':
      return { event: event.report, at: nowMs };
    default:
      return null;
  }
}

export type WorkOrderResult = { next: WorkOrderRecord } | { refused: string };

/** The whole work-order state machine: table lookup, the event's own checks, the next record. */
export function stepWorkOrder(order: WorkOrderRecord, event: WorkOrderEvent, nowMs: number): WorkOrderResult {
  const rule = WORK_ORDER_TRANSITIONS[order.state][event.type];
  if ('refuse' in rule) return { refused: rule.refuse };
  const problem = checkEvent(order, event, nowMs);
  if (problem) return { refused: problem };

  const state: WorkOrderState =
    rule.to === 'stay'
      ? order.state
      : rule.to === 'rework'
        ? order.checkInAt !== null
          ? 'on-site'
          : 'created'
        : rule.to;
  const entry = slaEntry(event, nowMs);
  const timeline =
    event.type === 'reopen'
      ? order.timeline.filter((e) => e.event !== 'fixed')
      : entry
        ? [...order.timeline, entry]
        : order.timeline;
  const next: WorkOrderRecord = { ...order, state, timeline };
  switch (event.type) {
    case 'dispatch':
      return { next: { ...next, crew: event.crew.map((n) => n.trim()), dispatchedAt: nowMs } };
    case 'arrive':
      return { next: { ...next, checkInAt: event.checkInAt } };
    case 'resolve':
      return { next: { ...next, resolvedAt: nowMs, work: event.work.trim() } };
    case 'accept':
      return { next: { ...next, acceptedAt: nowMs, acceptedBy: event.by.trim() } };
    case 'reopen':
      return { next: { ...next, resolvedAt: null, work: null } };
    case 'apply-outage':
      return { next: { ...next, outageApplicationId: event.applicationId } };
    default:
      return { next };
  }
}

/** Open work orders still hold their alarms' clocks; accepted and cancelled ones are done. */
export function isOpen(state: WorkOrderState): boolean {
  return state !== 'accepted' && state !== 'cancelled';
}
