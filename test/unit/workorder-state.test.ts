import { describe, expect, it } from 'vitest';
import {
  newWorkOrder,
  stepWorkOrder,
  WORK_ORDER_TRANSITIONS,
  type WorkOrderEvent,
  type WorkOrderRecord,
  type WorkOrderState,
} from '../../shared/workorder/state';

const T0 = Date.UTC(2026, 10, 23, 8, 0, 0);
const MIN = 60_000;
const NOW = T0 + 60 * MIN;

/** A record in each state, reached the way the desk reaches it. */
const RECORDS: Record<WorkOrderState, WorkOrderRecord> = (() => {
  const created = newWorkOrder(T0);
  const dispatched: WorkOrderRecord = {
    ...created,
    state: 'dispatched',
    crew: ['Wang Wei', 'Zhao Lei'],
    dispatchedAt: T0 + 5 * MIN,
    timeline: [{ event: 'dispatched', at: T0 + 5 * MIN }],
  };
  const onSite: WorkOrderRecord = {
    ...dispatched,
    state: 'on-site',
    checkInAt: T0 + 30 * MIN,
    timeline: [...dispatched.timeline, { event: 'arrived', at: T0 + 30 * MIN }],
  };
  const resolved: WorkOrderRecord = {
    ...onSite,
    state: 'resolved',
    resolvedAt: T0 + 50 * MIN,
    work: 'replaced the fan',
    timeline: [...onSite.timeline, { event: 'fixed', at: T0 + 50 * MIN }],
  };
  return {
    created,
    dispatched,
    received: { ...dispatched, state: 'received' },
    'en-route': { ...dispatched, state: 'en-route' },
    'on-site': onSite,
    resolved,
    accepted: { ...resolved, state: 'accepted', acceptedAt: T0 + 55 * MIN, acceptedBy: 'chen.jing' },
    'outage-applied': { ...dispatched, state: 'outage-applied', outageApplicationId: 'AP-0001' },
    cancelled: { ...created, state: 'cancelled' },
  };
})();

/** One valid event of each kind: a refusal below comes from the state, not from bad data. */
const EVENTS: Record<WorkOrderEvent['type'], WorkOrderEvent> = {
  dispatch: { type: 'dispatch', crew: ['Wang Wei', 'Zhao Lei'] },
  receive: { type: 'receive', at: NOW - 2 * MIN },
  depart: { type: 'depart', at: NOW - 2 * MIN },
  arrive: { type: 'arrive', checkInAt: NOW - MIN },
  resolve: { type: 'resolve', work: 'replaced the fan' },
  accept: { type: 'accept', by: 'chen.jing' },
  reopen: { type: 'reopen', reason: 'still overheating' },
  'apply-outage': { type: 'apply-outage', applicationId: 'AP-0002' },
  cancel: { type: 'cancel', reason: 'duplicate of WO-0001' },
  report: { type: 'report', report: 'progress-reported' },
};

const X = null;
/** Row = state, column = event (in EVENTS order); X = refused. Written out, not derived from the table under test. */
const EXPECTED: Record<WorkOrderState, (WorkOrderState | null)[]> = {
  //        dispatch receive depart arrive resolve accept reopen apply-outage cancel report
  created: ['dispatched', X, X, X, 'resolved', X, X, 'outage-applied', 'cancelled', 'created'],
  dispatched: [X, 'received', 'en-route', 'on-site', X, X, X, 'outage-applied', 'cancelled', 'dispatched'],
  received: [X, X, 'en-route', 'on-site', X, X, X, 'outage-applied', 'cancelled', 'received'],
  'en-route': [X, X, X, 'on-site', X, X, X, 'outage-applied', 'cancelled', 'en-route'],
  'on-site': [X, X, X, X, 'resolved', X, X, 'outage-applied', X, 'on-site'],
  resolved: [X, X, X, X, X, 'accepted', 'on-site', X, X, 'resolved'],
  accepted: [X, X, X, X, X, X, X, X, X, X],
  'outage-applied': ['dispatched', X, 'en-route', 'on-site', X, X, X, X, X, 'outage-applied'],
  cancelled: [X, X, X, X, X, X, X, X, X, X],
};

const cases = Object.entries(EXPECTED).flatMap(([state, row]) =>
  Object.values(EVENTS).map((event, i) => ({ state: state as WorkOrderState, event, to: row[i] ?? null })),
);

describe('work-order state machine', () => {
  it.each(cases)('$state + $event.type → $to', ({ state, event, to }) => {
    const result = stepWorkOrder(RECORDS[state], event, NOW);
    if (to === null) {
      expect(result).toHaveProperty('refused');
      const rule = WORK_ORDER_TRANSITIONS[state][event.type];
      if ('refuse' in rule) expect(result).toEqual({ refused: rule.refuse });
    } else {
      if ('refused' in result) throw new Error(`refused: ${result.refused}`);
      expect(result.next.state).toBe(to);
    }
  });

  it('refuses a crew of one, an unnamed member and the same person twice', () => {
    const created = RECORDS.created;
    const refused = (crew: string[]) => stepWorkOrder(created, { type: 'dispatch', crew }, NOW);
    expect(refused(['Wang Wei'])).toEqual({
      refused: 'a crew needs at least 2 named people (seed 001: 作业人员不少于2人); got 1',
    });
    expect(refused(['Wang Wei', '  '])).toHaveProperty('refused', expect.stringContaining('got 1'));
    expect(refused(['Wang Wei', 'wang wei'])).toEqual({ refused: 'the crew names the same person twice' });
  });

  /** Why the dispatched order refuses `action` now; null when it takes it. */
  const refusalOfDispatched = (action: Parameters<typeof stepWorkOrder>[1]) => {
    const step = stepWorkOrder(RECORDS.dispatched, action, NOW);
    return 'refused' in step ? step.refused : null;
  };

  it('a check-in must lie between the dispatch and now', () => {
    expect(refusalOfDispatched({ type: 'arrive', checkInAt: NOW + 1 })).toContain('in the future');
    expect(refusalOfDispatched({ type: 'arrive', checkInAt: T0 })).toContain('before the dispatch');
  });

  it('received and en route carry the crew’s own time, checked like a check-in, and stop no SLA clock', () => {
    const dispatched = RECORDS.dispatched;
    expect(refusalOfDispatched({ type: 'receive', at: NOW + 1 })).toContain('in the future');
    expect(refusalOfDispatched({ type: 'depart', at: T0 })).toContain('before the dispatch');
    const received = stepWorkOrder(dispatched, { type: 'receive', at: NOW - 20 * MIN }, NOW);
    if ('refused' in received) throw new Error(received.refused);
    const enRoute = stepWorkOrder(received.next, { type: 'depart', at: NOW - 10 * MIN }, NOW);
    if ('refused' in enRoute) throw new Error(enRoute.refused);
    expect(enRoute.next).toEqual({ ...dispatched, state: 'en-route' });
    const arrived = stepWorkOrder(enRoute.next, { type: 'arrive', checkInAt: NOW - MIN }, NOW);
    if ('refused' in arrived) throw new Error(arrived.refused);
    expect(arrived.next.timeline.map((e) => e.event)).toEqual(['dispatched', 'arrived']);
  });

  it('the crew cannot accept its own work; acceptance records who', () => {
    const resolved = RECORDS.resolved;
    expect(stepWorkOrder(resolved, { type: 'accept', by: 'ZHAO LEI' }, NOW)).toEqual({
      refused: 'ZHAO LEI was on the crew: acceptance needs someone who did not do the work',
    });
    const accepted = stepWorkOrder(resolved, { type: 'accept', by: 'chen.jing' }, NOW);
    expect(accepted).toMatchObject({ next: { state: 'accepted', acceptedBy: 'chen.jing', acceptedAt: NOW } });
  });

  it('reasons and work done are required', () => {
    expect(stepWorkOrder(RECORDS['on-site'], { type: 'resolve', work: ' ' }, NOW)).toEqual({
      refused: 'say what was done',
    });
    expect(stepWorkOrder(RECORDS.resolved, { type: 'reopen', reason: '' }, NOW)).toEqual({
      refused: 'reopen needs a reason',
    });
    expect(stepWorkOrder(RECORDS.created, { type: 'cancel', reason: ' ' }, NOW)).toEqual({
      refused: 'cancel needs a reason',
    });
  });

  it('feeds the SLA timeline: check-in at its own time, a reopen takes the fix back', () => {
    const arrived = stepWorkOrder(RECORDS.dispatched, { type: 'arrive', checkInAt: NOW - 10 * MIN }, NOW);
    if ('refused' in arrived) throw new Error(arrived.refused);
    expect(arrived.next.timeline.at(-1)).toEqual({ event: 'arrived', at: NOW - 10 * MIN });
    const reopened = stepWorkOrder(RECORDS.resolved, { type: 'reopen', reason: 'still hot' }, NOW);
    if ('refused' in reopened) throw new Error(reopened.refused);
    expect(reopened.next.timeline.map((e) => e.event)).toEqual(['dispatched', 'arrived']);
    expect(reopened.next).toMatchObject({ resolvedAt: null, work: null });
  });

  it('a remote fix that did not hold goes back to created, not on site', () => {
    const fixed = stepWorkOrder(RECORDS.created, { type: 'resolve', work: 'remote reset' }, NOW);
    if ('refused' in fixed) throw new Error(fixed.refused);
    const reopened = stepWorkOrder(fixed.next, { type: 'reopen', reason: 'faulted again' }, NOW + MIN);
    expect(reopened).toMatchObject({ next: { state: 'created' } });
  });
});
