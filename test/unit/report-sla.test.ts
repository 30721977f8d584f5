import { describe, expect, it } from 'vitest';
import { alarmPoints, applications, type ReportEvent, workOrders } from '../../shared/report/facts';
import { reportPeriod } from '../../shared/report/period';
import { slaReport } from '../../shared/report/sla-compliance';
import { DEFAULT_SLA_SETTINGS, slaSettingsOf } from '../../shared/triage/sla';
import {
  ack,
  application,
  at,
  clear,
  decide,
  fleet,
  HOUR,
  MIN,
  november,
  raise,
  step,
  TZ,
  workOrder,
} from './report-fixtures';

const TRIP = 's1-ac1:groundFault';

function sla(events: ReportEvent[], settings = DEFAULT_SLA_SETTINGS, period = november) {
  return slaReport({
    period,
    fleet,
    points: alarmPoints(events),
    orders: workOrders(events),
    applications: [...applications(events).values()],
    settings,
  });
}

/** An on-site incident at minute 0 with a work order dispatched and checked in at the given minutes. */
function visit(dispatchMin: number, arriveMin: number, fixMin: number | null): ReportEvent[] {
  const events = [
    raise(TRIP, 0, { tier: 'on-site', priority: 'high' }),
    ack(TRIP, 5),
    workOrder('WO-0001', 10, { alarmId: TRIP, raisedAt: at(0) }),
    step('WO-0001', 'dispatched', dispatchMin, { crew: ['a', 'b'] }),
    step('WO-0001', 'arrived', arriveMin, { checkInAt: at(arriveMin) }),
  ];
  if (fixMin !== null) events.push(step('WO-0001', 'resolved', fixMin, { work: 'replaced' }));
  return events;
}

describe('SLA compliance', () => {
  it.each<
    [string, ReportEvent[], { met: number; breached: number }, { met: number; breached: number }, string]
  >([
    [
      'in time: dispatched in 1 h, on site in 3 h',
      visit(60, 180, 200),
      { met: 1, breached: 0 },
      { met: 1, breached: 0 },
      'timely',
    ],
    [
      'dispatched late (3 h > 2 h)',
      visit(180, 200, 220),
      { met: 0, breached: 1 },
      { met: 1, breached: 0 },
      'untimely',
    ],
    [
      'on site late (5 h > 4 h)',
      visit(60, 300, 320),
      { met: 1, breached: 0 },
      { met: 0, breached: 1 },
      'untimely',
    ],
  ])('service commitment, on-site: %s', (_name, events, dispatch, arrive, outcome) => {
    const r = sla(events);
    const clock = (id: string) =>
      r.clocks.find((c) => c.group === '越城区' && c.tier === 'on-site' && c.clock === id);
    expect(clock('dispatch')).toMatchObject({ ...dispatch, limitMs: 2 * HOUR, preset: 'service-commitment' });
    expect(clock('arrive')).toMatchObject({ ...arrive, limitMs: 4 * HOUR });
    const row = r.tiers.find((t) => t.group === '越城区' && t.tier === 'on-site');
    expect(row?.[outcome === 'timely' ? 'timely' : 'untimely']).toBe(1);
    expect(row?.verdict).toBe(outcome === 'timely' ? 'met' : 'missed');
    expect(row?.responseMs).toBe(5 * MIN);
    expect(r.kpis.find((k) => k.id === 'timelinessRate')?.verdict).toBe(
      outcome === 'timely' ? 'met' : 'missed',
    );
  });

  it('measures response, dispatch, arrival and fix times from the raise', () => {
    const row = sla(visit(60, 180, 200)).tiers.find((t) => t.group === '越城区' && t.tier === 'on-site');
    expect(row).toMatchObject({
      incidents: 1,
      fixed: 1,
      resolutionRate: 1,
      responseMs: 5 * MIN,
      dispatchMs: 60 * MIN,
      arrivalMs: 180 * MIN,
      fixMs: 200 * MIN,
    });
  });

  it('an incident still open with its clocks running is pending, not late', () => {
    // Made ten minutes after the raise, late on 30 November.
    const r = sla(
      [raise(TRIP, 43_150, { tier: 'on-site' })],
      DEFAULT_SLA_SETTINGS,
      reportPeriod('2026-11', TZ, at(-60), at(43_160)),
    );
    expect(r.tiers.find((t) => t.tier === 'on-site' && t.group === '越城区')).toMatchObject({
      pending: 1,
      timely: 0,
      untimely: 0,
      fixed: 0,
    });
  });

  it('runs each station group on its own preset: Shaoxing counts from dispatch, 2 h outside the city', () => {
    const settings = slaSettingsOf({ default: 'service-commitment', presetByGroup: { 诸暨市: 'shaoxing' } });
    const events = [
      raise('s2-ac1:groundFault', 0, { tier: 'on-site', stationId: 's2' }),
      workOrder('WO-0002', 1, { alarmId: 's2-ac1:groundFault', raisedAt: at(0) }),
      step('WO-0002', 'dispatched', 30, { crew: ['a', 'b'] }),
      step('WO-0002', 'arrived', 120, { checkInAt: at(120) }),
      step('WO-0002', 'resolved', 200, { work: 'fixed' }),
    ];
    const r = sla(events, settings);
    const clock = (id: string) => r.clocks.find((c) => c.group === '诸暨市' && c.clock === id);
    expect(clock('arrive')).toMatchObject({
      preset: 'shaoxing',
      met: 1,
      limitMs: HOUR,
      limitOtherMs: 2 * HOUR,
      medianMs: 90 * MIN,
    });
    expect(clock('fix')).toMatchObject({ met: 1, medianMs: 170 * MIN });
  });

  it('leaves out alarms hidden at raise and incidents of other months; a re-alarm is the same incident', () => {
    const r = sla([
      raise('s1-ac1:comms.device', 10, { to: 'suppressed-by-design' }),
      raise('s1-dc1:insulationFault', -100, { tier: 'emergency' }),
      raise(TRIP, 20),
      clear(TRIP, 21),
      raise(TRIP, 22, { from: 'returned-unacknowledged' }),
    ]);
    expect(r.kpis.find((k) => k.id === 'incidents')?.value).toBe(1);
  });

  it('lists the outages and exemptions of the month with what they exclude', () => {
    const r = sla([
      application('AP-0001', 60, 'outage', ['s1-ac1']),
      decide('AP-0001', 90, 'approved'),
      decide('AP-0001', 600, 'ended'),
      application('AP-0002', 100, 'exemption', ['s1-dc1'], { from: at(100), until: at(160) }),
    ]);
    expect(r.applications).toEqual([
      expect.objectContaining({
        id: 'AP-0001',
        kind: 'outage',
        state: 'ended',
        excludedFrom: at(90),
        excludedTo: at(600),
      }),
      expect.objectContaining({ id: 'AP-0002', kind: 'exemption', state: 'applied', excludedFrom: null }),
    ]);
  });

  it('counts work orders and their resolution rate', () => {
    const events = [...visit(60, 180, 200), step('WO-0001', 'accepted', 210, { by: 'lead-b' })];
    expect(sla(events).workOrders).toEqual({
      created: 1,
      dispatched: 1,
      resolved: 1,
      accepted: 1,
      cancelled: 0,
      resolutionRate: 1,
    });
  });
});
