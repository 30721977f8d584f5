import { describe, expect, it } from 'vitest';
import { translator } from '../../renderer/src/i18n/lang';
import {
  applyApplicationsDelta,
  applyWorkOrdersDelta,
  emptyDuty,
  exclusionsNow,
  withApplicationList,
  withOlderClosed,
  withWorkOrderList,
} from '../../renderer/src/state/duty';
import {
  applicationActions,
  checkInFrom,
  deadlineOf,
  filingOf,
  fromLocalInput,
  listApplications,
  listOrders,
  OUTAGE_REPAIR_DAYS,
  outageDraftFor,
  outageDraftForAlarm,
  pastPlannedEnd,
  sectionOf,
  toLocalInput,
  workOrderActions,
} from '../../renderer/src/views/workorders/model';
import { stateRefusal } from '../../renderer/src/views/workorders/refusal';
import type { ApplicationView, ClockView, WorkOrderView } from '../../shared/api';
import { ApplicationFiling } from '../../shared/api/workorders';
import { permissionsOf, type Role } from '../../shared/auth/roles';
import { applicationView, workOrderView } from '../helpers/views';

const T0 = Date.UTC(2026, 10, 23, 8, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

function order(id: string, more: Partial<WorkOrderView> = {}): WorkOrderView {
  return workOrderView({
    id,
    tier: 'emergency',
    defectClass: 'critical',
    defectDeadline: { defectClass: 'critical', deadline: T0 + DAY, state: 'running', basis: '001' },
    title: 'insulation',
    createdAt: T0,
    slaPreset: 'shaoxing',
    ...more,
  });
}

function application(id: string, more: Partial<ApplicationView> = {}): ApplicationView {
  return applicationView({ id, appliedAt: T0, ...more });
}

const deadline = (id: string, at: number, stoppedAt: number | null = null): ClockView => ({
  kind: 'deadline',
  id,
  state: stoppedAt === null ? (at <= T0 ? 'breached' : 'running') : 'met',
  startedAt: T0 - HOUR,
  deadline: at,
  stoppedAt,
  remainingMs: at - T0,
  onBreach: 'escalate',
  basis: 'test',
});

const session = (role: Role, user = 'zhou.min') => ({ user, permissions: permissionsOf(role) });

/** The actions offered, as `action` or `action:why` when blocked. */
const offered = (o: WorkOrderView, s: ReturnType<typeof session> | null, now = T0 + HOUR) =>
  workOrderActions(o, s, now).map((c) => (c.blocked ? `${c.action}:${c.blocked}` : c.action));

describe('work-order actions follow the shared state machine and the contract permissions', () => {
  const dispatched = order('WO-0001', { state: 'dispatched', crew: ['张伟', '李强'], dispatchedAt: T0 });
  const onSite = order('WO-0001', { ...dispatched, state: 'on-site', checkInAt: T0 + MIN });
  const resolved = order('WO-0001', { ...onSite, state: 'resolved', resolvedAt: T0 + 2 * MIN, work: 'done' });

  it('a new order: dispatch, resolve remotely, report, outage or cancel; no check-in without a dispatch', () => {
    expect(offered(order('WO-0001'), session('monitor'))).toEqual([
      'dispatch',
      'arrive:state',
      'report',
      'resolve',
      'accept:state',
      'reopen:state',
      'outage',
      'cancel',
    ]);
  });

  it('dispatched: the crew checks in before anything is resolved', () => {
    expect(offered(dispatched, session('monitor'))).toEqual([
      'dispatch:state',
      'arrive',
      'report',
      'resolve:state',
      'accept:state',
      'reopen:state',
      'outage',
      'cancel',
    ]);
  });

  it('on site: resolve or apply for an outage; it cannot be cancelled any more', () => {
    expect(offered(onSite, session('monitor')).filter((a) => !a.includes(':'))).toEqual([
      'report',
      'resolve',
      'outage',
    ]);
  });

  it('resolved: accept or send back, but not by someone from the crew', () => {
    expect(offered(resolved, session('monitor')).filter((a) => !a.includes(':'))).toEqual([
      'report',
      'accept',
      'reopen',
    ]);
    expect(offered(resolved, session('monitor', '李强'))).toContain('accept:crew');
  });

  it('accepted and cancelled orders offer nothing', () => {
    for (const state of ['accepted', 'cancelled'] as const) {
      expect(
        offered(order('WO-0001', { ...resolved, state }), session('admin')).every((a) =>
          a.endsWith(':state'),
        ),
      ).toBe(true);
    }
  });

  it('an outage-applied order can be dispatched again and its crew checked in', () => {
    const out = order('WO-0001', { ...dispatched, state: 'outage-applied', outageApplicationId: 'AP-0001' });
    expect(offered(out, session('monitor')).filter((a) => !a.includes(':'))).toEqual([
      'dispatch',
      'arrive',
      'report',
    ]);
  });

  it('a manager or wallboard may read but not act; nobody signed in is told so', () => {
    expect(offered(dispatched, session('manager'))).toContain('arrive:permission');
    expect(offered(dispatched, session('wallboard')).filter((a) => !a.endsWith(':state'))).toEqual([
      'arrive:permission',
      'report:permission',
      'outage:permission',
      'cancel:permission',
    ]);
    expect(offered(dispatched, null)).toContain('arrive:session');
  });
});

describe('the work-order list', () => {
  const now = T0 + 30 * MIN;
  it('the deadline that matters is the nearest running clock or the defect deadline', () => {
    const o = order('WO-0001', {
      clocks: [deadline('arrive', T0 + 2 * HOUR), deadline('fix', T0 + 4 * HOUR)],
    });
    expect(deadlineOf(o, now)).toEqual({
      id: 'arrive',
      deadline: T0 + 2 * HOUR,
      remainingMs: 90 * MIN,
      breached: false,
    });
    const late = order('WO-0002', { clocks: [deadline('dispatch', T0 - MIN)] });
    expect(deadlineOf(late, now)).toMatchObject({ id: 'dispatch', breached: true, remainingMs: -31 * MIN });
    const stopped = order('WO-0003', { clocks: [deadline('arrive', T0 + HOUR, T0 + 10 * MIN)] });
    expect(deadlineOf(stopped, now)).toMatchObject({ id: 'defect', deadline: T0 + DAY });
    expect(deadlineOf(order('WO-0004', { state: 'accepted' }), now)).toBeNull();
  });

  it('open orders first, most urgent deadline first; closed ones after, the latest first', () => {
    const orders = [
      order('WO-0001', { state: 'accepted', createdAt: T0 - 2 * HOUR }),
      order('WO-0002', { clocks: [deadline('arrive', T0 + 3 * HOUR)] }),
      order('WO-0003', { state: 'cancelled', createdAt: T0 - HOUR }),
      order('WO-0004', { clocks: [deadline('dispatch', T0 + HOUR)] }),
      order('WO-0005', {
        state: 'on-site',
        defectDeadline: { defectClass: 'general', deadline: T0 + 30 * DAY, state: 'running', basis: '' },
      }),
    ];
    expect(listOrders(orders, 'all').map((o) => o.id)).toEqual([
      'WO-0004',
      'WO-0002',
      'WO-0005',
      'WO-0003',
      'WO-0001',
    ]);
    expect(listOrders(orders, 'open').map((o) => o.id)).toEqual(['WO-0004', 'WO-0002', 'WO-0005']);
    expect(listOrders(orders, 'closed').map((o) => o.id)).toEqual(['WO-0003', 'WO-0001']);
  });
});

describe('check-in time', () => {
  /** Typed times are the fleet's: a desk in UTC serving Shaoxing types 20:33 for 12:33 UTC. */
  const ZONE = 'Asia/Shanghai';
  const dispatchedAt = T0 + 30_500;

  it("reads and writes the field in the fleet's zone, not the machine's", () => {
    expect(toLocalInput(Date.UTC(2026, 10, 23, 12, 33, 40), ZONE)).toBe('2026-11-23T20:33');
    expect(fromLocalInput('2026-11-23T20:33', ZONE)).toBe(Date.UTC(2026, 10, 23, 12, 33));
    expect(fromLocalInput('2026-11-23T20:33', 'UTC')).toBe(Date.UTC(2026, 10, 23, 20, 33));
    expect(fromLocalInput('2026-13-01T00:00', ZONE)).toBeNull();
  });

  it('round-trips the datetime-local text to the minute', () => {
    expect(fromLocalInput(toLocalInput(T0 + 7 * MIN + 20_000, ZONE), ZONE)).toBe(T0 + 7 * MIN);
    for (const bad of ['', '2026-11-23', '2026-11-23 08:00', 'soon'])
      expect(fromLocalInput(bad, ZONE)).toBeNull();
  });

  it('the minute of the dispatch reads as just after it, the current minute as now', () => {
    const now = T0 + 50_000;
    // Both in the minute that began at T0: the default is neither before the dispatch nor in the future.
    expect(checkInFrom(toLocalInput(now, ZONE), dispatchedAt, now, ZONE)).toBe(dispatchedAt);
    expect(checkInFrom(toLocalInput(T0 + 5 * MIN, ZONE), dispatchedAt, T0 + 5 * MIN + 40_000, ZONE)).toBe(
      T0 + 5 * MIN,
    );
    expect(checkInFrom(toLocalInput(T0 + 9 * MIN, ZONE), dispatchedAt, T0 + 9 * MIN + 1, ZONE)).toBe(
      T0 + 9 * MIN,
    );
  });

  it('before the dispatch or after now is refused', () => {
    expect(checkInFrom(toLocalInput(T0 - MIN, ZONE), dispatchedAt, T0 + HOUR, ZONE)).toBeNull();
    expect(checkInFrom(toLocalInput(T0 + 2 * HOUR, ZONE), dispatchedAt, T0 + HOUR, ZONE)).toBeNull();
    expect(checkInFrom('nonsense', dispatchedAt, T0 + HOUR, ZONE)).toBeNull();
  });
});

describe('the outage application from the Shaoxing prompt', () => {
  it('leads with the crew’s own reason and words when the crew asked for the outage', () => {
    const asked = {
      reason: 'distribution-maintenance' as const,
      note: '箱变需停电检修',
      by: '陈立',
      at: T0 - MIN,
    };
    const draft = outageDraftFor(order('WO-0008', { crewOutageRequest: asked }), T0);
    expect(draft).toMatchObject({
      reason: 'distribution-maintenance',
      workOrderId: 'WO-0008',
      deviceId: 'sx01-dc1',
      note: '陈立: 箱变需停电检修',
      from: T0,
      until: T0 + OUTAGE_REPAIR_DAYS * DAY,
    });
  });

  it('is prefilled for the work order’s device, the 2 h reason and the 5-day repair window', () => {
    const draft = outageDraftFor(order('WO-0007', { outagePrompt: true }), T0);
    expect(draft).toEqual({
      kind: 'outage',
      stationId: 'sx01',
      deviceId: 'sx01-dc1',
      reason: 'unfixed-after-dispatch',
      workOrderId: 'WO-0007',
      from: T0,
      until: T0 + OUTAGE_REPAIR_DAYS * DAY,
    });
    const filing = filingOf(draft, 'evidence: photos');
    expect(filing).toEqual({
      filing: ApplicationFiling.parse({
        kind: 'outage',
        target: { deviceId: 'sx01-dc1' },
        reason: 'unfixed-after-dispatch',
        note: 'evidence: photos',
        from: T0,
        until: T0 + 5 * DAY,
        workOrderId: 'WO-0007',
      }),
    });
  });

  it('an order over several devices of a station files for the station', () => {
    const draft = outageDraftFor(order('WO-0008', { deviceIds: ['sx01-dc1', 'sx01-dc2'] }), T0);
    expect(draft.deviceId).toBeNull();
    expect(filingOf(draft, '')).toMatchObject({ filing: { target: { stationId: 'sx01' } } });
  });

  it('from an alarm: the open order whose clocks raised the prompt, not a closed or already applied one', () => {
    const orders = new Map(
      [
        order('WO-0001', { state: 'accepted' }),
        order('WO-0002', { state: 'outage-applied' }),
        order('WO-0003', { state: 'dispatched', outagePrompt: true }),
        order('WO-0004', { state: 'created' }),
      ].map((o) => [o.id, o]),
    );
    const alarm = {
      stationId: 'sx01',
      deviceId: 'sx01-dc1',
      workOrderIds: ['WO-0001', 'WO-0002', 'WO-0003', 'WO-0004'],
    };
    expect(outageDraftForAlarm(alarm, orders, T0)).toMatchObject({
      workOrderId: 'WO-0003',
      deviceId: 'sx01-dc1',
    });
    expect(outageDraftForAlarm({ ...alarm, workOrderIds: ['WO-0001'] }, orders, T0)).toMatchObject({
      workOrderId: null,
      deviceId: 'sx01-dc1',
      reason: 'unfixed-after-dispatch',
    });
  });

  it('a filing is refused here when the reason does not fit the kind or the window runs backwards', () => {
    const draft = outageDraftFor(order('WO-0001'), T0);
    expect(filingOf({ ...draft, reason: 'tcu-upgrade' }, '')).toEqual({ problem: 'reason' });
    expect(filingOf({ ...draft, until: T0 - 1 }, '')).toEqual({ problem: 'window' });
    expect(filingOf({ ...draft, kind: 'exemption', reason: 'tcu-upgrade', from: null }, '')).toEqual({
      problem: 'from',
    });
    expect(filingOf({ ...draft, kind: 'exemption', reason: 'tcu-upgrade', until: null }, '')).toEqual({
      filing: {
        kind: 'exemption',
        target: { deviceId: 'sx01-dc1' },
        reason: 'tcu-upgrade',
        note: '',
        from: T0,
        until: null,
      },
    });
  });
});

describe('applications', () => {
  const pending = application('AP-0001');
  const inForce = application('AP-0002', { state: 'approved', decidedAt: T0 + HOUR, decidedBy: 'li.qiang' });
  const choices = (a: ApplicationView, all: ApplicationView[], role: Role | null) =>
    applicationActions(a, all, role ? session(role) : null).map((c) =>
      c.blocked ? `${c.action}:${c.blocked}` : c.action,
    );

  it('a pending one is approved or rejected by a shift lead only; the monitor may withdraw it', () => {
    expect(choices(pending, [pending], 'shift-lead')).toEqual([
      'approve',
      'reject',
      'resume:state',
      'withdraw',
    ]);
    expect(choices(pending, [pending], 'monitor')).toEqual([
      'approve:permission',
      'reject:permission',
      'resume:state',
      'withdraw',
    ]);
    expect(choices(pending, [pending], null)).toContain('approve:session');
  });

  it('an outage in force can be resumed once; other approvals are final', () => {
    expect(choices(inForce, [inForce], 'monitor')).toEqual([
      'approve:state',
      'reject:state',
      'resume',
      'withdraw:state',
    ]);
    const resume = application('AP-0003', { kind: 'resume', reason: 'repaired', outageId: 'AP-0002' });
    expect(choices(inForce, [inForce, resume], 'monitor')).toContain('resume:state');
    const exemption = application('AP-0004', { kind: 'exemption', reason: 'tcu-upgrade', state: 'approved' });
    expect(choices(exemption, [exemption], 'shift-lead').every((c) => c.endsWith(':state'))).toBe(true);
  });

  it('sections: waiting, in force (an exemption until its period ends), past', () => {
    const exemption = application('AP-0004', {
      kind: 'exemption',
      reason: 'extreme-weather',
      state: 'approved',
      from: T0,
      until: T0 + 2 * HOUR,
    });
    expect(sectionOf(pending, T0)).toBe('pending');
    expect(sectionOf(inForce, T0 + 9 * DAY)).toBe('in-force');
    expect(sectionOf(exemption, T0 + HOUR)).toBe('in-force');
    expect(sectionOf(exemption, T0 + 2 * HOUR)).toBe('past');
    expect(sectionOf(application('AP-0005', { state: 'ended' }), T0)).toBe('past');
    const older = application('AP-0006', { appliedAt: T0 - HOUR });
    expect(
      listApplications([pending, inForce, older], T0).map((s) => [
        s.section,
        s.applications.map((a) => a.id),
      ]),
    ).toEqual([
      ['pending', ['AP-0006', 'AP-0001']],
      ['in-force', ['AP-0002']],
      ['past', []],
    ]);
  });

  it('an outage still in force past its planned end is late', () => {
    const planned = application('AP-0007', { ...inForce, until: T0 + 5 * DAY });
    expect(pastPlannedEnd(planned, T0 + 5 * DAY - 1)).toBe(false);
    expect(pastPlannedEnd(planned, T0 + 5 * DAY + 1)).toBe(true);
    expect(pastPlannedEnd({ ...planned, state: 'ended' }, T0 + 6 * DAY)).toBe(false);
    expect(pastPlannedEnd(inForce, T0 + 60 * DAY)).toBe(false);
  });
});

describe('the duty store', () => {
  it('lists replace, deltas update by id, a delta before the first list is dropped', () => {
    const early = applyWorkOrdersDelta(emptyDuty, { workOrders: [order('WO-0001')], breaches: [] });
    expect(early.workOrders.size).toBe(0);
    let state = withWorkOrderList(emptyDuty, {
      workOrders: [order('WO-0001'), order('WO-0002')],
      breaches: [],
      older: 0,
      next: null,
    });
    state = applyWorkOrdersDelta(state, {
      workOrders: [order('WO-0002', { state: 'dispatched' })],
      breaches: [],
    });
    expect([...state.workOrders.values()].map((o) => [o.id, o.state])).toEqual([
      ['WO-0001', 'created'],
      ['WO-0002', 'dispatched'],
    ]);
    expect(applyApplicationsDelta(state, { applications: [pendingApplication()], exclusions: [] })).toBe(
      state,
    );
    state = withApplicationList(state, { applications: [pendingApplication()], exclusions: [] });
    state = applyApplicationsDelta(state, {
      applications: [application('AP-0001', { state: 'approved', decidedAt: T0 + HOUR })],
      exclusions: [],
    });
    expect(state.applications.get('AP-0001')?.state).toBe('approved');
  });

  it('pages of older closed orders join the list, without undoing what a delta said since', () => {
    let state = withWorkOrderList(emptyDuty, {
      workOrders: [order('WO-0009')],
      breaches: [],
      older: 3,
      next: '1000:',
    });
    expect(state.olderClosed).toEqual({ count: 3, next: '1000:' });
    // Reopened by a delta after the list, and also in the page, which was read before that.
    state = applyWorkOrdersDelta(state, {
      workOrders: [order('WO-0002', { state: 'on-site' })],
      breaches: [],
    });
    state = withOlderClosed(state, {
      workOrders: [order('WO-0002', { state: 'accepted' }), order('WO-0001', { state: 'accepted' })],
      breaches: [],
      older: 1,
      next: '900:WO-0001',
    });
    expect([...state.workOrders.values()].map((o) => [o.id, o.state])).toEqual([
      ['WO-0009', 'created'],
      ['WO-0002', 'on-site'],
      ['WO-0001', 'accepted'],
    ]);
    expect(state.olderClosed).toEqual({ count: 1, next: '900:WO-0001' });
    // A reload (the link came back) starts again from the recent orders.
    expect(
      withWorkOrderList(state, { workOrders: [], breaches: [], older: 3, next: '1000:' }).workOrders.size,
    ).toBe(0);
  });

  it('exclusions are worked out at the time asked: an exemption counts during its period only', () => {
    const state = withApplicationList(emptyDuty, {
      applications: [
        application('AP-0001', { state: 'approved', decidedAt: T0 }),
        application('AP-0002', {
          kind: 'exemption',
          reason: 'platform-failure',
          target: { stationId: 'sx02' },
          stationId: 'sx02',
          deviceIds: ['sx02-ac1', 'sx02-ac2'],
          state: 'approved',
          from: T0 + HOUR,
          until: T0 + 2 * HOUR,
        }),
        application('AP-0003', { deviceIds: ['sx03-dc1'], target: { deviceId: 'sx03-dc1' } }),
      ],
      exclusions: [],
    });
    expect([...exclusionsNow(state, T0 + 30 * MIN).keys()]).toEqual(['sx01-dc1']);
    expect([...exclusionsNow(state, T0 + 90 * MIN).keys()]).toEqual(['sx01-dc1', 'sx02-ac1', 'sx02-ac2']);
    expect([...exclusionsNow(state, T0 + 2 * HOUR).keys()]).toEqual(['sx01-dc1']);
  });
});

function pendingApplication(): ApplicationView {
  return application('AP-0001');
}

describe('an action refused in its record’s state', () => {
  it('says which action and the state, in the record’s own words', () => {
    expect(stateRefusal(translator('en'), 'wo', 'resolve', 'accepted')).toBe(
      'Resolve: not possible while the work order is Accepted.',
    );
    expect(stateRefusal(translator('en'), 'app', 'withdraw', 'approved')).toBe(
      'Withdraw: not possible while the application is Approved.',
    );
    expect(stateRefusal(translator('zh-CN'), 'app', 'withdraw', 'approved')).toBe(
      '撤回：申请处于“已批准”，现在不能执行。',
    );
  });
});
