import type {
  ApplicationsDelta,
  ApplicationView,
  AvailabilityExclusion,
  WorkOrdersDelta,
  WorkOrdersList,
  WorkOrderView,
} from '../../../shared/api';
import { exclusionsAt } from '../../../shared/workorder/application';
import type { DeskClient } from '../transport';
import { followLink, messageOf } from './followLink';
import { Store } from './store';

/** The desk's work orders and applications, as the engine last told them; records are replaced, never mutated. */
export type DutyState = {
  readonly workOrdersLoaded: boolean;
  readonly workOrders: ReadonlyMap<string, WorkOrderView>;
  /** Closed orders older than those loaded: how many, and where the next page of them starts (null: none left). */
  readonly olderClosed: { readonly count: number; readonly next: string | null };
  readonly applicationsLoaded: boolean;
  readonly applications: ReadonlyMap<string, ApplicationView>;
};

export const emptyDuty: DutyState = {
  workOrdersLoaded: false,
  workOrders: new Map(),
  olderClosed: { count: 0, next: null },
  applicationsLoaded: false,
  applications: new Map(),
};

/**
 * A screen loads the open orders and those closed in the last week: what a
 * shift and its handover look back on. Older closed ones page in when asked
 * for (OLDER_PAGE at a time); a five-year desk holds tens of thousands.
 */
export const RECENT_CLOSED_MS = 7 * 86_400_000;
export const OLDER_PAGE = 200;

export function withWorkOrderList(state: DutyState, list: WorkOrdersList): DutyState {
  return {
    ...state,
    workOrdersLoaded: true,
    workOrders: new Map(list.workOrders.map((o) => [o.id, o])),
    olderClosed: { count: list.older, next: list.next },
  };
}

/** A page of older closed orders joins the list; an order a delta already brought stays as the delta had it. */
export function withOlderClosed(state: DutyState, page: WorkOrdersList): DutyState {
  const workOrders = new Map(state.workOrders);
  for (const order of page.workOrders) if (!workOrders.has(order.id)) workOrders.set(order.id, order);
  return { ...state, workOrders, olderClosed: { count: page.older, next: page.next } };
}

/** Asks for the next page of older closed orders, if any is left, and adds it to the store. */
export async function loadOlderClosed(client: DeskClient, duty: DutyStore): Promise<number> {
  const { next } = duty.get().olderClosed;
  if (next === null) return 0;
  const page = await client.request('workorders.list', { closedBefore: next, limit: OLDER_PAGE });
  duty.update((s) => (s.olderClosed.next === next ? withOlderClosed(s, page) : s));
  return page.workOrders.length;
}

export function withApplicationList(state: DutyState, list: ApplicationsDelta): DutyState {
  return {
    ...state,
    applicationsLoaded: true,
    applications: new Map(list.applications.map((a) => [a.id, a])),
  };
}

/**
 * A delta before the first list is dropped: the channel is ordered, so the
 * list that answers later already holds what it said.
 */
export function applyWorkOrdersDelta(state: DutyState, delta: WorkOrdersDelta): DutyState {
  if (!state.workOrdersLoaded || delta.workOrders.length === 0) return state;
  const workOrders = new Map(state.workOrders);
  for (const order of delta.workOrders) workOrders.set(order.id, order);
  return { ...state, workOrders };
}

export function applyApplicationsDelta(state: DutyState, delta: ApplicationsDelta): DutyState {
  if (!state.applicationsLoaded || delta.applications.length === 0) return state;
  const applications = new Map(state.applications);
  for (const application of delta.applications) applications.set(application.id, application);
  return { ...state, applications };
}

/**
 * Devices out of the availability count at `nowMs`, by device. Worked out
 * here from the applications rather than taken from the last delta, so an
 * exemption that begins or ends between two events is counted right on a
 * screen left open.
 */
export function exclusionsNow(
  state: Pick<DutyState, 'applications'>,
  nowMs: number,
): ReadonlyMap<string, AvailabilityExclusion> {
  const byDevice = new Map<string, AvailabilityExclusion>();
  for (const exclusion of exclusionsAt(state.applications.values(), nowMs)) {
    if (!byDevice.has(exclusion.deviceId)) byDevice.set(exclusion.deviceId, exclusion);
  }
  return byDevice;
}

export class DutyStore extends Store<DutyState> {
  constructor() {
    super(emptyDuty);
  }
}

/**
 * Keeps the duty store in step with the engine: both lists whenever the link
 * (re)opens, since deltas missed while it was down are gone, then deltas.
 * A failed load is retried while the link stays up.
 */
export function startDutySession(client: DeskClient, duty: DutyStore, retryMs = 5000): () => void {
  const lists = followLink(client, {
    retryMs,
    load: async (current) => {
      const [orders, applications] = await Promise.all([
        client.request('workorders.list', { closedWithinMs: RECENT_CLOSED_MS }),
        client.request('applications.list', {}),
      ]);
      if (current()) duty.update((s) => withApplicationList(withWorkOrderList(s, orders), applications));
    },
    onFailure: (error) => console.warn(`work orders: ${messageOf(error)}`),
  });
  const offOrders = client.on('workorders.delta', (delta) =>
    duty.update((s) => applyWorkOrdersDelta(s, delta)),
  );
  const offApplications = client.on('applications.delta', (delta) =>
    duty.update((s) => applyApplicationsDelta(s, delta)),
  );
  return () => {
    lists.stop();
    offOrders();
    offApplications();
  };
}
