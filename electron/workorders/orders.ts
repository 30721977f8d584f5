import type { WorkOrderStepView } from '../../shared/api/contract';
import { crewLoads, type Load } from '../../shared/crew/rank';
import type { JsonValue } from '../../shared/journal/event';
import type { DefectClass, Tier } from '../../shared/triage/tiers';
import type { OutageReason } from '../../shared/workorder/application';
import {
  isOpen,
  newWorkOrder,
  type WorkOrderEvent,
  type WorkOrderRecord,
  type WorkOrderStepType,
} from '../../shared/workorder/state';
import type { AlarmIncident } from '../alarms/actions';
import type { RecordedEvent } from '../alarms/recorded';
import { DutyRefusal, idNumber } from './journal';

export type Incident = { alarmId: string; raisedAt: number };

/** What a crew asked for when it could not fix the fault in time (seed 001 停运申请). */
export type OutageRequest = { reason: OutageReason; note: string; by: string; at: number };

export type WorkOrder = {
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

/** What `workorder.created` journals: the order as it was opened. */
export type WorkOrderOpening = Pick<
  WorkOrder,
  'title' | 'incidents' | 'stationId' | 'deviceIds' | 'tier' | 'defectClass'
>;

/** What an early warning (issue 19) gives for a preventive order: the warning stands for the incident. */
export type PreventiveRequest = {
  warningId: string;
  raisedAt: number;
  stationId: string;
  deviceId: string;
  title: string;
  note?: string;
};

/** The journal's step name of each state-machine event (`workorder.${step}`). */
export const STEP_OF: Readonly<Record<WorkOrderEvent['type'], WorkOrderStepType>> = {
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
export const EVENT_OF = new Map(Object.entries(STEP_OF).map(([event, step]) => [step, event]));

const TIER_RANK: Readonly<Record<Tier, number>> = { remote: 0, 'on-site': 1, emergency: 2 };
const CLASS_RANK: Readonly<Record<DefectClass, number>> = { general: 0, serious: 1, critical: 2 };

const worst = <T extends string>(values: T[], rank: Readonly<Record<T, number>>): T =>
  values.reduce((a, b) => (rank[b] > rank[a] ? b : a));

/**
 * A new order on alarm incidents of one station: it covers their devices
 * and takes the worst tier and defect class among them unless the
 * operator named the class.
 */
export function openingOf(
  title: string,
  incidents: readonly AlarmIncident[],
  defectClass: DefectClass | undefined,
): WorkOrderOpening {
  return {
    title: title.trim(),
    incidents: incidents.map((i) => ({ alarmId: i.id, raisedAt: i.raisedAt })),
    stationId: incidents[0]?.stationId ?? '',
    deviceIds: [...new Set(incidents.flatMap((i) => (i.deviceId ? [i.deviceId] : [])))],
    tier: worst(
      incidents.map((i) => i.tier),
      TIER_RANK,
    ),
    defectClass:
      defectClass ??
      worst(
        incidents.map((i) => i.defectClass),
        CLASS_RANK,
      ),
  };
}

/** The work orders the desk knows, by id and by the alarm incident they were opened for. */
export class WorkOrderBook {
  private readonly orders = new Map<string, WorkOrder>();
  /** `${alarmId}|${raisedAt}` → the orders opened for that incident, for the alarm views. */
  private readonly byIncident = new Map<string, WorkOrder[]>();
  /** The last id opened: a new id follows it even once the orders before it are dropped. */
  private newest: string | null = null;

  ids(): IterableIterator<string> {
    return this.orders.keys();
  }

  /** An order left in the journal (closed long ago, never opened here): a new id still follows it. */
  saw(id: string): void {
    if (this.newest === null || idNumber('WO', id) > idNumber('WO', this.newest)) this.newest = id;
  }

  /** Every id a new order must not take: those held, and the newest ever opened. */
  taken(): string[] {
    return this.newest === null ? [...this.orders.keys()] : [...this.orders.keys(), this.newest];
  }

  all(): IterableIterator<WorkOrder> {
    return this.orders.values();
  }

  get(id: string): WorkOrder | undefined {
    return this.orders.get(id);
  }

  find(id: string): WorkOrder {
    const order = this.orders.get(id);
    if (!order) throw new DutyRefusal(`no work order "${id}"`);
    return order;
  }

  /** The orders opened for one incident of an alarm. */
  ofIncident(alarmId: string, raisedAt: number): WorkOrder[] {
    return this.byIncident.get(incidentOf(alarmId, raisedAt)) ?? [];
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

  /** Adds a newly created order, its first step being its creation. */
  open(
    id: string,
    data: WorkOrderOpening,
    created: Pick<RecordedEvent, 'id' | 'actor' | 'ts' | 'reason'>,
  ): void {
    const order: WorkOrder = {
      id,
      ...data,
      createdBy: created.actor.user,
      crewId: null,
      outageRequest: null,
      record: newWorkOrder(created.ts),
      steps: [stepView('created', created, data.incidents.map((i) => i.alarmId).join(', '))],
    };
    this.orders.set(id, order);
    this.saw(id);
    for (const { alarmId, raisedAt } of data.incidents) {
      const key = incidentOf(alarmId, raisedAt);
      this.byIncident.set(key, [...(this.byIncident.get(key) ?? []), order]);
    }
  }

  /** Lets go of a closed order: the journal keeps it, and it is read back from there when asked for. */
  drop(id: string): void {
    const order = this.orders.get(id);
    if (!order) return;
    this.orders.delete(id);
    for (const { alarmId, raisedAt } of order.incidents) {
      const key = incidentOf(alarmId, raisedAt);
      const rest = (this.byIncident.get(key) ?? []).filter((o) => o.id !== id);
      if (rest.length > 0) this.byIncident.set(key, rest);
      else this.byIncident.delete(key);
    }
  }
}

/** The key of an incident in the book's index: `${alarmId}|${raisedAt}`. */
const incidentOf = (alarmId: string, raisedAt: number) => `${alarmId}|${raisedAt}`;

export function detailOf(data: Record<string, JsonValue>): string | null {
  return typeof data.detail === 'string' ? data.detail : null;
}

export function stepView(
  step: WorkOrderStepType,
  e: Pick<RecordedEvent, 'id' | 'actor' | 'ts' | 'reason'>,
  detail: string | null,
): WorkOrderStepView {
  return { step, at: e.ts, by: e.actor.user, role: e.actor.role, reason: e.reason, detail, journalId: e.id };
}
