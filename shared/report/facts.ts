import type { AlarmState } from '../alarm/state';
import type { JsonValue } from '../journal/event';
import type { TimelineEntry } from '../triage/sla';
import type { Tier } from '../triage/tiers';
import type { ApplicationKind, ApplicationReason, ApplicationState } from '../workorder/application';
import {
  newWorkOrder,
  stepWorkOrder,
  type WorkOrderEvent,
  type WorkOrderRecord,
  type WorkOrderStepType,
} from '../workorder/state';

/**
 * The journal, folded into what reports count: alarm incidents and the
 * spans each alarm spent in each state, work orders replayed through their
 * state machine, applications with the spans they exclude, and charging
 * sessions. Pure: the events come in, plain records go out.
 */

/** What a report needs of a journal event. */
export type ReportEvent = {
  ts: number;
  type: string;
  subject: string;
  data: JsonValue;
  reason: string | null;
  actor: { user: string; role: string };
};

type Data = Record<string, JsonValue>;
const record = (data: JsonValue): Data =>
  data !== null && typeof data === 'object' && !Array.isArray(data) ? data : {};
const text = (v: JsonValue | undefined): string | null => (typeof v === 'string' ? v : null);

/** The events of one family (`alarm.`, `workorder.`, `application.`), each with its data as a record. */
function* family(events: readonly ReportEvent[], prefix: string): Generator<[ReportEvent, Data]> {
  for (const e of events) if (e.type.startsWith(prefix)) yield [e, record(e.data)];
}
const num = (v: JsonValue | undefined): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

/** An open span's end is null: the state or condition still held at the last event. */
export type Span = { startMs: number; endMs: number | null };

export type AlarmIncident = {
  alarmId: string;
  cause: string;
  source: 'status' | 'limit';
  deviceId: string | null;
  stationId: string;
  tier: Tier;
  priority: string;
  raisedAt: number;
  /** The raise landed hidden (suppressed by design or out of service): nobody was asked to act. */
  hiddenAtRaise: boolean;
  /** Entries into active-unacknowledged: what the operator heard and saw. */
  annunciations: number[];
  /** Every raise of the condition within the incident. */
  activations: number[];
  ackedAt: number | null;
  /** The last return to normal of the condition, if it stayed normal. */
  clearedAt: number | null;
};

export type AlarmPoint = {
  alarmId: string;
  cause: string;
  source: 'status' | 'limit';
  deviceId: string | null;
  stationId: string;
  incidents: AlarmIncident[];
  /** When the condition was active (raised → cleared or closed). */
  conditions: Span[];
  /** Every state the alarm was in, in order. */
  states: { state: AlarmState; startMs: number; endMs: number | null }[];
};

/** Every state the alarm service journals a point in. */
export const ALARM_STATES: ReadonlySet<string> = new Set([
  'normal',
  'active-unacknowledged',
  'active-acknowledged',
  'returned-unacknowledged',
  'shelved',
  'suppressed-by-design',
  'out-of-service',
]);
const TIERS: ReadonlySet<string> = new Set(['remote', 'on-site', 'emergency']);

function closeLast<T extends { endMs: number | null }>(spans: T[], at: number): void {
  const last = spans.at(-1);
  if (last && last.endMs === null) last.endMs = at;
}

/** What an alarm point is, as its first event named it: later events of the point do not rename it. */
export type AlarmPointName = Pick<AlarmPoint, 'alarmId' | 'cause' | 'source' | 'deviceId' | 'stationId'>;

function nameOf(e: ReportEvent, data: Data): AlarmPointName {
  return {
    alarmId: e.subject,
    cause: text(data.cause) ?? e.subject.slice(e.subject.lastIndexOf(':') + 1),
    source: data.source === 'limit' ? 'limit' : 'status',
    deviceId: text(data.deviceId),
    stationId: text(data.stationId) ?? '',
  };
}

/**
 * Alarm points as the alarm service journalled them (electron/alarms/steps.ts).
 * `named` starts the map with points known from earlier events (a report of
 * one period reads only what it needs, see shared/report/carry.ts), in the
 * order they first appeared; events of a point then add to it.
 */
export function alarmPoints(
  events: readonly ReportEvent[],
  named: Iterable<AlarmPointName> = [],
): Map<string, AlarmPoint> {
  const points = new Map<string, AlarmPoint>();
  for (const name of named) points.set(name.alarmId, { ...name, incidents: [], conditions: [], states: [] });
  for (const e of events) if (e.type.startsWith('alarm.')) foldAlarmEvent(points, e);
  return points;
}

/** One alarm event folded into its point; only each list's last entry is read, so older ones may be dropped. */
export function foldAlarmEvent(points: Map<string, AlarmPoint>, e: ReportEvent): void {
  const data = record(e.data);
  let point = points.get(e.subject);
  if (!point) {
    point = { ...nameOf(e, data), incidents: [], conditions: [], states: [] };
    points.set(e.subject, point);
  }
  const to = text(data.to);
  const from = text(data.from);
  if (to && ALARM_STATES.has(to) && point.states.at(-1)?.state !== to) {
    closeLast(point.states, e.ts);
    point.states.push({ state: to as AlarmState, startMs: e.ts, endMs: null });
  }
  let incident = point.incidents.at(-1);
  switch (e.type) {
    case 'alarm.raised': {
      if (!incident || from === 'normal') {
        incident = {
          alarmId: point.alarmId,
          cause: point.cause,
          source: point.source,
          deviceId: point.deviceId,
          stationId: point.stationId,
          tier: TIERS.has(text(data.tier) ?? '') ? (data.tier as Tier) : 'remote',
          priority: text(data.priority) ?? 'low',
          raisedAt: e.ts,
          hiddenAtRaise: to === 'suppressed-by-design' || to === 'out-of-service',
          annunciations: [],
          activations: [],
          ackedAt: null,
          clearedAt: null,
        };
        point.incidents.push(incident);
      }
      incident.activations.push(e.ts);
      incident.clearedAt = null;
      if (point.conditions.at(-1)?.endMs !== null) point.conditions.push({ startMs: e.ts, endMs: null });
      break;
    }
    case 'alarm.cleared':
      closeLast(point.conditions, e.ts);
      if (incident) incident.clearedAt = e.ts;
      break;
    case 'alarm.closed':
      closeLast(point.conditions, e.ts);
      closeLast(point.states, e.ts);
      if (incident && incident.clearedAt === null) incident.clearedAt = e.ts;
      break;
    case 'alarm.acked':
      if (incident && incident.ackedAt === null) incident.ackedAt = e.ts;
      break;
    case 'alarm.retiered':
      if (incident && TIERS.has(text(data.to) ?? '')) incident.tier = data.to as Tier;
      break;
  }
  if (incident && to === 'active-unacknowledged' && from !== 'active-unacknowledged') {
    incident.annunciations.push(e.ts);
  }
}

export type WorkOrderFacts = {
  id: string;
  stationId: string;
  deviceIds: string[];
  tier: Tier;
  incidents: { alarmId: string; raisedAt: number }[];
  record: WorkOrderRecord;
  cancelledAt: number | null;
};

const STEP_EVENT: Readonly<Partial<Record<WorkOrderStepType, WorkOrderEvent['type']>>> = {
  dispatched: 'dispatch',
  received: 'receive',
  'en-route': 'depart',
  arrived: 'arrive',
  resolved: 'resolve',
  accepted: 'accept',
  reopened: 'reopen',
  'outage-applied': 'apply-outage',
  cancelled: 'cancel',
  reported: 'report',
};

/** Work orders replayed through the work-order state machine, as the service rebuilds them. */
export function workOrders(events: readonly ReportEvent[]): Map<string, WorkOrderFacts> {
  const orders = new Map<string, WorkOrderFacts>();
  for (const [e, data] of family(events, 'workorder.')) {
    if (e.type === 'workorder.created') {
      const incidents = (Array.isArray(data.incidents) ? data.incidents : []).map((i) => {
        const r = record(i);
        return { alarmId: String(r.alarmId), raisedAt: Number(r.raisedAt) };
      });
      orders.set(e.subject, {
        id: e.subject,
        stationId: text(data.stationId) ?? '',
        deviceIds: (Array.isArray(data.deviceIds) ? data.deviceIds : []).map(String),
        tier: TIERS.has(text(data.tier) ?? '') ? (data.tier as Tier) : 'remote',
        incidents,
        record: newWorkOrder(e.ts),
        cancelledAt: null,
      });
      continue;
    }
    const order = orders.get(e.subject);
    const type = STEP_EVENT[e.type.slice('workorder.'.length) as WorkOrderStepType];
    if (!order || !type) continue;
    const event = { type, ...record(data.event ?? null) } as WorkOrderEvent;
    const result = stepWorkOrder(order.record, event, e.ts);
    // A step the machine refuses was refused by the desk too; it changed nothing.
    if ('refused' in result) continue;
    order.record = result.next;
    if (type === 'cancel') order.cancelledAt = e.ts;
  }
  return orders;
}

export type ApplicationFacts = {
  id: string;
  kind: ApplicationKind;
  reason: ApplicationReason;
  state: ApplicationState;
  stationId: string;
  deviceIds: string[];
  appliedAt: number;
  decidedAt: number | null;
  from: number | null;
  until: number | null;
  endedAt: number | null;
};

const DECISION: Readonly<Record<string, ApplicationState>> = {
  'application.approved': 'approved',
  'application.rejected': 'rejected',
  'application.withdrawn': 'withdrawn',
};

export function applications(events: readonly ReportEvent[]): Map<string, ApplicationFacts> {
  const out = new Map<string, ApplicationFacts>();
  for (const e of events) if (e.type.startsWith('application.')) foldApplicationEvent(out, e);
  return out;
}

/** One application event folded into its application. */
export function foldApplicationEvent(out: Map<string, ApplicationFacts>, e: ReportEvent): void {
  const data = record(e.data);
  if (e.type === 'application.filed') {
    out.set(e.subject, {
      id: e.subject,
      kind: (text(data.kind) ?? 'outage') as ApplicationKind,
      reason: (text(data.reason) ?? 'other-external') as ApplicationReason,
      state: 'applied',
      stationId: text(data.stationId) ?? '',
      deviceIds: (Array.isArray(data.deviceIds) ? data.deviceIds : []).map(String),
      appliedAt: e.ts,
      decidedAt: null,
      from: num(data.from),
      until: num(data.until),
      endedAt: null,
    });
    return;
  }
  const application = out.get(e.subject);
  if (!application) return;
  const decided = DECISION[e.type];
  if (decided && application.state === 'applied') {
    application.state = decided;
    application.decidedAt = e.ts;
  } else if (e.type === 'application.ended' && application.state === 'approved') {
    application.state = 'ended';
    application.endedAt = e.ts;
  }
}

/**
 * The span an application takes out of availability, as the application
 * service defines exclusions: an approved outage from its approval until its
 * resume is approved; a decommission from its approval on; an approved
 * exemption over its own period. Rejected, withdrawn and pending ones none.
 */
export function excludedSpan(a: ApplicationFacts): Span | null {
  if (a.kind === 'resume' || a.decidedAt === null) return null;
  if (a.state !== 'approved' && a.state !== 'ended') return null;
  if (a.kind === 'exemption') return { startMs: a.from ?? a.appliedAt, endMs: a.until };
  return { startMs: a.decidedAt, endMs: a.kind === 'outage' ? a.endedAt : null };
}

export type ChargingSession = {
  deviceId: string;
  stationId: string;
  gun: number;
  startedAt: number;
  endedAt: number;
  energyKwh: number;
  durationS: number;
  endState: string;
  /**
   * Found at start from the charger's energy register (electron/reports/meter-reconciler.ts):
   * one or more sessions that ended while the desk was stopped, start and end being the gap's bounds.
   */
  reconstructed: boolean;
  /** The session's highest power and its last while charging (kW), where the gun reports power. */
  peakPowerKw?: number | null;
  endPowerKw?: number | null;
};

export const SESSION_EVENT = 'charging.session';

/** A plug-in that never started charging: the gun went to preparing and back to idle (a refused or abandoned start). */
export type UnstartedPlugIn = {
  deviceId: string;
  stationId: string;
  gun: number;
  pluggedAt: number;
  endedAt: number;
};

export const UNSTARTED_EVENT = 'charging.unstarted';

export function sessions(events: readonly ReportEvent[]): ChargingSession[] {
  return events.flatMap((e) => {
    if (e.type !== SESSION_EVENT) return [];
    const d = record(e.data);
    const deviceId = text(d.deviceId);
    if (!deviceId) return [];
    return [
      {
        deviceId,
        stationId: text(d.stationId) ?? '',
        gun: num(d.gun) ?? 1,
        startedAt: num(d.startedAt) ?? e.ts,
        endedAt: num(d.endedAt) ?? e.ts,
        energyKwh: num(d.energyKwh) ?? 0,
        durationS: num(d.durationS) ?? 0,
        endState: text(d.endState) ?? 'idle',
        reconstructed: d.reconstructed === true,
      },
    ];
  });
}

/**
 * The clock events of one alarm incident as the alarm service builds them:
 * raised, fixed when the condition stayed normal, and the steps of the work
 * orders opened for it.
 */
export function incidentTimeline(
  incident: AlarmIncident,
  linked: readonly WorkOrderFacts[],
): TimelineEntry[] {
  const timeline: TimelineEntry[] = [{ event: 'raised', at: incident.raisedAt }];
  if (incident.clearedAt !== null) timeline.push({ event: 'fixed', at: incident.clearedAt });
  for (const o of linked) timeline.push(...o.record.timeline);
  return timeline.sort((a, b) => a.at - b.at);
}

/** Work orders by incident key, so linking thousands of incidents stays linear. */
export function ordersByIncident(orders: Iterable<WorkOrderFacts>): Map<string, WorkOrderFacts[]> {
  const out = new Map<string, WorkOrderFacts[]>();
  for (const o of orders) {
    for (const i of o.incidents) {
      const key = `${i.alarmId}|${i.raisedAt}`;
      out.set(key, [...(out.get(key) ?? []), o]);
    }
  }
  return out;
}

export const incidentKey = (i: Pick<AlarmIncident, 'alarmId' | 'raisedAt'>) => `${i.alarmId}|${i.raisedAt}`;
