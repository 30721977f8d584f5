import type {
  AlarmView,
  ApplicationFiling,
  ApplicationView,
  SessionInfo,
  WorkOrderView,
} from '../../../../shared/api';
import { workOrderMethods } from '../../../../shared/api/workorders';
import { localToInstant, wallClockMs } from '../../../../shared/handover/schedule';
import {
  type ApplicationKind,
  type ApplicationReason,
  type ApplicationTarget,
  checkFiling,
  ExemptionReason,
  inForce,
  OutageReason,
  stepApplication,
} from '../../../../shared/workorder/application';
import {
  isOpen,
  stepWorkOrder,
  type WorkOrderEvent,
  type WorkOrderRecord,
} from '../../../../shared/workorder/state';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Seed 001: after the outage application the fault is repaired within 5 days. */
export const OUTAGE_REPAIR_DAYS = 5;

export type WorkOrderAction =
  | 'dispatch'
  | 'arrive'
  | 'report'
  | 'resolve'
  | 'accept'
  | 'reopen'
  | 'cancel'
  | 'outage';

/** The order the actions are offered in, which is the order of the work: send, arrive, fix, close. */
export const WORK_ORDER_ACTIONS: readonly WorkOrderAction[] = [
  'dispatch',
  'arrive',
  'report',
  'resolve',
  'accept',
  'reopen',
  'outage',
  'cancel',
];

/** One key per action, none of them a view letter of the desk (w s q m t h l). */
export const WORK_ORDER_KEYS: Readonly<Record<WorkOrderAction, string>> = {
  dispatch: 'd',
  arrive: 'a',
  report: 'p',
  resolve: 'r',
  accept: 'c',
  reopen: 'e',
  outage: 'o',
  cancel: 'x',
};

const METHOD_OF = {
  dispatch: 'workorder.dispatch',
  arrive: 'workorder.arrive',
  report: 'workorder.report',
  resolve: 'workorder.resolve',
  accept: 'workorder.accept',
  reopen: 'workorder.reopen',
  cancel: 'workorder.cancel',
  outage: 'application.file',
} as const satisfies Record<WorkOrderAction, keyof typeof workOrderMethods>;

/** The state-machine event each action is, with stand-in values that pass the event's own checks. */
function probe(action: WorkOrderAction, order: WorkOrderView, user: string, nowMs: number): WorkOrderEvent {
  switch (action) {
    case 'dispatch':
      return { type: 'dispatch', crew: ['—1', '—2'] };
    case 'arrive':
      return { type: 'arrive', checkInAt: order.dispatchedAt ?? nowMs };
    case 'report':
      return { type: 'report', report: 'progress-reported' };
    case 'resolve':
      return { type: 'resolve', work: '—' };
    case 'accept':
      return { type: 'accept', by: user };
    case 'reopen':
      return { type: 'reopen', reason: '—' };
    case 'cancel':
      return { type: 'cancel', reason: '—' };
    case 'outage':
      return { type: 'apply-outage', applicationId: '—' };
  }
}

function recordOf(order: WorkOrderView): WorkOrderRecord {
  return {
    state: order.state,
    createdAt: order.createdAt,
    crew: order.crew,
    dispatchedAt: order.dispatchedAt,
    checkInAt: order.checkInAt,
    resolvedAt: order.resolvedAt,
    work: order.work,
    acceptedAt: order.acceptedAt,
    acceptedBy: order.acceptedBy,
    outageApplicationId: order.outageApplicationId,
    timeline: [],
  };
}

/** Why an action is not offered: the work order is not at that step, the role may not, or (acceptance) the crew did the work. */
export type Blocked = 'state' | 'permission' | 'crew' | 'session';

export type ActionChoice = {
  action: WorkOrderAction;
  key: string;
  blocked: Blocked | null;
  /** The state machine's own words when it refuses. */
  rule: string | null;
};

/**
 * Every action with whether it can be taken now: the shared state machine
 * decides the step, the contract's permission of the method decides the role.
 */
export function workOrderActions(
  order: WorkOrderView,
  session: Pick<SessionInfo, 'user' | 'permissions'> | null,
  nowMs: number,
): ActionChoice[] {
  // A screen clock a little behind the engine's must not read the engine's own dispatch as in the future.
  const now = Math.max(
    nowMs,
    order.createdAt,
    order.dispatchedAt ?? 0,
    order.checkInAt ?? 0,
    order.resolvedAt ?? 0,
  );
  return WORK_ORDER_ACTIONS.map((action) => {
    const key = WORK_ORDER_KEYS[action];
    const result = stepWorkOrder(recordOf(order), probe(action, order, session?.user ?? '', now), now);
    if ('refused' in result) {
      const crew = action === 'accept' && order.state === 'resolved';
      return { action, key, blocked: crew ? 'crew' : 'state', rule: result.refused };
    }
    if (!session) return { action, key, blocked: 'session', rule: null };
    const permission = workOrderMethods[METHOD_OF[action]].permission;
    if (!session.permissions.includes(permission)) return { action, key, blocked: 'permission', rule: null };
    return { action, key, blocked: null, rule: null };
  });
}

export type Deadline = { id: string; deadline: number; remainingMs: number; breached: boolean };

/**
 * The deadline that matters for an open order: the nearest SLA clock still
 * counting, or the defect class deadline if that comes first.
 */
export function deadlineOf(order: WorkOrderView, nowMs: number): Deadline | null {
  if (!isOpen(order.state)) return null;
  const candidates: { id: string; deadline: number }[] = [];
  for (const clock of order.clocks) {
    if (clock.kind !== 'deadline' || clock.deadline === null || clock.stoppedAt !== null) continue;
    if (clock.state === 'running' || clock.state === 'breached')
      candidates.push({ id: clock.id, deadline: clock.deadline });
  }
  if (order.defectDeadline.state !== 'met' && order.resolvedAt === null)
    candidates.push({ id: 'defect', deadline: order.defectDeadline.deadline });
  const nearest = candidates.reduce<{ id: string; deadline: number } | null>(
    (best, c) => (best === null || c.deadline < best.deadline ? c : best),
    null,
  );
  if (!nearest) return null;
  const remainingMs = nearest.deadline - nowMs;
  return { ...nearest, remainingMs, breached: remainingMs <= 0 };
}

export type OrderFilter = 'open' | 'closed' | 'all';
export const ORDER_FILTERS: readonly OrderFilter[] = ['open', 'closed', 'all'];

/**
 * Open orders first, the most urgent deadline first (the order does not move
 * as the clock ticks: it sorts by the deadline, not the time left); closed
 * ones after, the latest first.
 */
export function listOrders(orders: Iterable<WorkOrderView>, filter: OrderFilter): WorkOrderView[] {
  const shown = [...orders].filter((o) =>
    filter === 'all' ? true : filter === 'open' ? isOpen(o.state) : !isOpen(o.state),
  );
  const due = (o: WorkOrderView) => deadlineOf(o, 0)?.deadline ?? Number.POSITIVE_INFINITY;
  return shown.sort((a, b) => {
    const open = Number(isOpen(b.state)) - Number(isOpen(a.state));
    if (open !== 0) return open;
    if (isOpen(a.state)) return due(a) - due(b) || a.createdAt - b.createdAt || a.id.localeCompare(b.id);
    return b.createdAt - a.createdAt || b.id.localeCompare(a.id);
  });
}

/** `datetime-local` text in the fleet's time zone, to the minute: what the operator types is fleet time. */
export function toLocalInput(epochMs: number, timeZone: string): string {
  // The zone's wall clock read as UTC prints as that zone's date and time.
  return new Date(wallClockMs(epochMs, timeZone)).toISOString().slice(0, 16);
}

export function fromLocalInput(text: string, timeZone: string): number | null {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)$/.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  return localToInstant({ y, m: mo, d }, h * 60 + mi, timeZone);
}

/**
 * The check-in time typed to the minute, as the engine will take it: the
 * minute of the dispatch means just after the dispatch, the current minute
 * means now, so the default never reads as before the dispatch or in the
 * future. Null when it is not a time, or truly before the dispatch or later than now.
 */
export function checkInFrom(
  text: string,
  dispatchedAt: number | null,
  nowMs: number,
  timeZone: string,
): number | null {
  const at = fromLocalInput(text, timeZone);
  if (at === null) return null;
  const minuteOf = (ms: number) => Math.floor(ms / MINUTE) * MINUTE;
  let checkIn = at;
  if (dispatchedAt !== null && at === minuteOf(dispatchedAt)) checkIn = Math.max(at, dispatchedAt);
  if (at === minuteOf(nowMs)) checkIn = Math.min(Math.max(checkIn, at), nowMs);
  if (checkIn > nowMs || (dispatchedAt !== null && checkIn < dispatchedAt)) return null;
  return checkIn;
}

/** What an application dialog opens with. */
export type ApplicationDraft = {
  kind: Exclude<ApplicationKind, 'resume'>;
  stationId: string;
  /** null: the whole station. */
  deviceId: string | null;
  reason: ApplicationReason;
  workOrderId: string | null;
  from: number | null;
  until: number | null;
  /** Words to start the note with, e.g. what the crew said when it asked for the outage. */
  note?: string;
};

export const REASONS_OF: Readonly<Record<ApplicationDraft['kind'], readonly ApplicationReason[]>> = {
  outage: OutageReason.options,
  decommission: OutageReason.options,
  exemption: ExemptionReason.options,
};

/**
 * The Shaoxing prompt answered: an outage of the work order's device (its
 * station when it covers several), because it was not fixed 2 h after
 * dispatch, planned from now for the 5 days the repair may take.
 */
export function outageDraftFor(
  order: Pick<WorkOrderView, 'id' | 'stationId' | 'deviceIds'> &
    Partial<Pick<WorkOrderView, 'crewOutageRequest'>>,
  nowMs: number,
): ApplicationDraft {
  const asked = order.crewOutageRequest ?? null;
  return {
    kind: 'outage',
    stationId: order.stationId,
    deviceId: order.deviceIds.length === 1 ? (order.deviceIds[0] ?? null) : null,
    // The crew on site knows best why it cannot finish: its reason and words lead.
    reason: asked?.reason ?? 'unfixed-after-dispatch',
    workOrderId: order.id,
    from: nowMs,
    until: nowMs + OUTAGE_REPAIR_DAYS * DAY,
    ...(asked ? { note: [`${asked.by}:`, asked.note].filter(Boolean).join(' ') } : {}),
  };
}

/** An alarm's prompt: the same, for the open work order whose clocks raised it (else its device alone). */
export function outageDraftForAlarm(
  alarm: Pick<AlarmView, 'stationId' | 'deviceId' | 'workOrderIds'>,
  workOrders: ReadonlyMap<string, WorkOrderView>,
  nowMs: number,
): ApplicationDraft {
  const linked = alarm.workOrderIds.flatMap((id) => {
    const order = workOrders.get(id);
    return order && isOpen(order.state) && order.state !== 'outage-applied' ? [order] : [];
  });
  const order = linked.find((o) => o.outagePrompt) ?? linked.at(-1);
  if (order)
    return { ...outageDraftFor(order, nowMs), deviceId: alarm.deviceId ?? order.deviceIds[0] ?? null };
  return {
    ...outageDraftFor({ id: '', stationId: alarm.stationId, deviceIds: [] }, nowMs),
    deviceId: alarm.deviceId,
    workOrderId: null,
  };
}

export function blankDraft(stationId: string, nowMs: number): ApplicationDraft {
  return {
    kind: 'outage',
    stationId,
    deviceId: null,
    reason: 'before-maintenance',
    workOrderId: null,
    from: nowMs,
    until: null,
  };
}

/** The contract's filing for a filled-in draft; a problem for the dialog to show otherwise. */
export function filingOf(
  draft: ApplicationDraft,
  note: string,
): { filing: ApplicationFiling } | { problem: 'reason' | 'window' | 'from' } {
  if (!REASONS_OF[draft.kind].includes(draft.reason)) return { problem: 'reason' };
  if (draft.from !== null && draft.until !== null && draft.until <= draft.from) return { problem: 'window' };
  const target: ApplicationTarget = draft.deviceId
    ? { deviceId: draft.deviceId }
    : { stationId: draft.stationId };
  const window = {
    ...(draft.from !== null ? { from: draft.from } : {}),
    ...(draft.until !== null ? { until: draft.until } : {}),
  };
  switch (draft.kind) {
    case 'exemption': {
      if (draft.from === null) return { problem: 'from' };
      const reason = ExemptionReason.parse(draft.reason);
      return { filing: { kind: 'exemption', target, reason, note, from: draft.from, until: draft.until } };
    }
    case 'outage':
      return {
        filing: {
          kind: 'outage',
          target,
          reason: OutageReason.parse(draft.reason),
          note,
          ...window,
          ...(draft.workOrderId ? { workOrderId: draft.workOrderId } : {}),
        },
      };
    case 'decommission':
      return {
        filing: { kind: 'decommission', target, reason: OutageReason.parse(draft.reason), note, ...window },
      };
  }
}

export type ApplicationAction = 'approve' | 'reject' | 'withdraw' | 'resume';
export const APPLICATION_ACTIONS: readonly ApplicationAction[] = ['approve', 'reject', 'resume', 'withdraw'];
export const APPLICATION_KEYS: Readonly<Record<ApplicationAction | 'file', string>> = {
  file: 'n',
  approve: 'y',
  reject: 'x',
  resume: 'r',
  withdraw: 'u',
};

const APPLICATION_METHOD = {
  approve: 'application.approve',
  reject: 'application.reject',
  withdraw: 'application.withdraw',
  resume: 'application.file',
} as const satisfies Record<ApplicationAction, keyof typeof workOrderMethods>;

export type ApplicationChoice = { action: ApplicationAction; key: string; blocked: Blocked | null };

/** What can be done with one application now, by this session. */
export function applicationActions(
  application: ApplicationView,
  all: Iterable<ApplicationView>,
  session: Pick<SessionInfo, 'permissions'> | null,
): ApplicationChoice[] {
  const filed = [...all];
  return APPLICATION_ACTIONS.map((action) => {
    const key = APPLICATION_KEYS[action];
    const legal =
      action === 'resume'
        ? application.kind === 'outage' &&
          checkFiling({ kind: 'resume', deviceIds: [], outageId: application.id }, filed) === null
        : !(
            'refused' in
            stepApplication(
              application.kind,
              application.state,
              action === 'approve' ? { type: 'approve' } : { type: action, reason: '—' },
            )
          );
    if (!legal) return { action, key, blocked: 'state' };
    if (!session) return { action, key, blocked: 'session' };
    const permission = workOrderMethods[APPLICATION_METHOD[action]].permission;
    return { action, key, blocked: session.permissions.includes(permission) ? null : 'permission' };
  });
}

export type ApplicationSection = 'pending' | 'in-force' | 'past';
export const APPLICATION_SECTIONS: readonly ApplicationSection[] = ['pending', 'in-force', 'past'];

/**
 * Waiting for a lead; holding devices out now (an approved outage or
 * decommission, an exemption not yet over); everything else.
 */
export function sectionOf(application: ApplicationView, nowMs: number): ApplicationSection {
  if (application.state === 'applied') return 'pending';
  if (!inForce(application) || application.kind === 'resume') return 'past';
  if (application.kind === 'exemption' && application.until !== null && application.until <= nowMs)
    return 'past';
  return 'in-force';
}

/** Sections in order; pending oldest first (they wait), the others latest first. */
export function listApplications(
  applications: Iterable<ApplicationView>,
  nowMs: number,
): { section: ApplicationSection; applications: ApplicationView[] }[] {
  const by = new Map<ApplicationSection, ApplicationView[]>(APPLICATION_SECTIONS.map((s) => [s, []]));
  for (const a of applications) by.get(sectionOf(a, nowMs))?.push(a);
  return APPLICATION_SECTIONS.map((section) => ({
    section,
    applications: (by.get(section) ?? []).sort((a, b) =>
      section === 'pending'
        ? a.appliedAt - b.appliedAt || a.id.localeCompare(b.id)
        : b.appliedAt - a.appliedAt || b.id.localeCompare(a.id),
    ),
  }));
}

/** An outage still in force past its planned end: the repair is late (seed 001: within 5 days). */
export function pastPlannedEnd(application: ApplicationView, nowMs: number): boolean {
  return (
    (application.kind === 'outage' || application.kind === 'decommission') &&
    inForce(application) &&
    application.until !== null &&
    application.until < nowMs
  );
}
