import { describe, expect, it } from 'vitest';
import { availabilityReport } from '../../shared/report/availability';
import { alarmPoints, applications, type ReportEvent, sessions, workOrders } from '../../shared/report/facts';
import { monthlyReport } from '../../shared/report/monthly';
import { monthOf, monthRange, reportPeriod } from '../../shared/report/period';
import { at, clear, fleet, HOUR, november, raise, session, T0, TZ, workOrder } from './report-fixtures';

function monthly(events: ReportEvent[], counters: [string, number | null][] = []) {
  const points = alarmPoints(events);
  const apps = [...applications(events).values()];
  return monthlyReport({
    period: november,
    fleet,
    points,
    orders: [...workOrders(events).values()],
    applications: apps,
    sessions: sessions(events),
    availability: availabilityReport({ period: november, fleet, points, applications: apps }),
    counters: new Map(counters),
    journalEvents: events.length,
  });
}

describe('report period', () => {
  it.each([
    ['2026-11', Date.UTC(2026, 9, 31, 16), Date.UTC(2026, 10, 30, 16)],
    ['2026-12', Date.UTC(2026, 10, 30, 16), Date.UTC(2026, 11, 31, 16)],
    ['2027-02', Date.UTC(2027, 0, 31, 16), Date.UTC(2027, 1, 28, 16)],
  ])('%s runs midnight to midnight in Shanghai', (month, from, to) => {
    expect(monthRange(month, TZ)).toEqual({ from, to });
  });

  it('is the month of the moment in the zone, not in UTC', () => {
    expect(monthOf(Date.UTC(2026, 9, 31, 17), TZ)).toBe('2026-11');
    expect(monthOf(Date.UTC(2026, 9, 31, 15), TZ)).toBe('2026-10');
  });

  it.each([
    ['records from before the month', T0 - HOUR, T0 + 5 * HOUR, T0, T0 + 5 * HOUR],
    ['records that begin mid-month', T0 + 2 * HOUR, T0 + 5 * HOUR, T0 + 2 * HOUR, T0 + 5 * HOUR],
    ['a month long past', T0 - HOUR, Date.UTC(2027, 3, 1), T0, Date.UTC(2026, 10, 30, 16)],
    ['a month not begun', T0 - HOUR, T0 - HOUR, T0, T0],
  ])('observed span: %s', (_name, first, now, observedFrom, observedTo) => {
    expect(reportPeriod('2026-11', TZ, first, now)).toMatchObject({ observedFrom, observedTo });
  });
});

describe('monthly operations report (seed 000)', () => {
  it('counts sessions in the month they end, with their energy', () => {
    const r = monthly([
      session('s1-ac1', 120, 10.5),
      session('s1-ac1', 600, 20.25),
      // Ended in October: not November's.
      session('s1-ac1', -30, 99),
    ]);
    const row = r.chargers.find((c) => c.deviceId === 's1-ac1');
    expect(row).toMatchObject({ sessions: 2, sessionEnergyKwh: 30.75 });
    expect(r.totals.sessions).toBe(2);
  });

  it.each<[string, number | null | undefined, number, number | null, string]>([
    ['the meter counter when history has it', 41.5, 1, 41.5, 'meter'],
    ['the sessions when the counter has no history', null, 1, 12, 'sessions'],
    ['nothing when neither has anything', null, 0, null, 'none'],
    ['the sessions when the counter went backwards (meter replaced)', -500, 1, 12, 'sessions'],
  ])('energy from %s', (_name, counter, count, energy, source) => {
    const events = count ? [session('s1-ac1', 60, 12)] : [];
    const row = monthly(events, [['s1-ac1', counter ?? null]]).chargers.find((c) => c.deviceId === 's1-ac1');
    expect(row?.energyKwh ?? null).toBe(energy);
    expect(row?.energySource).toBe(source);
  });

  it.each<[string, ReportEvent[], number]>([
    ['one fault', [raise('s1-ac1:groundFault', 10), clear('s1-ac1:groundFault', 20)], 1],
    [
      'a fault word clearing as the gun’s own fault appears is one fault',
      [
        raise('s1-ac1:groundFault', 10),
        clear('s1-ac1:groundFault', 20),
        raise('s1-ac1:gun1.faulted', 20),
        clear('s1-ac1:gun1.faulted', 25),
      ],
      1,
    ],
    [
      'two faults apart are two',
      [raise('s1-ac1:groundFault', 10), clear('s1-ac1:groundFault', 20), raise('s1-ac1:overTemperature', 30)],
      2,
    ],
    ['comms loss is not a fault', [raise('s1-ac1:comms.device', 10), clear('s1-ac1:comms.device', 20)], 0],
    [
      'a fault that began in October is not November’s',
      [raise('s1-ac1:groundFault', -10), clear('s1-ac1:groundFault', 20)],
      0,
    ],
  ])('fault count: %s', (_name, events, faults) => {
    expect(monthly(events).chargers.find((c) => c.deviceId === 's1-ac1')?.faults).toBe(faults);
  });

  it('counts work orders per charger and PV generation from the inverter counter', () => {
    const r = monthly(
      [
        raise('s1-ac1:groundFault', 10),
        workOrder('WO-0001', 15, { alarmId: 's1-ac1:groundFault', raisedAt: at(10) }),
        raise('s2-pv1:comms.device', 100),
        clear('s2-pv1:comms.device', 160),
      ],
      [
        ['s1-pv1', 812.5],
        ['s2-pv1', 640],
      ],
    );
    expect(r.chargers.find((c) => c.deviceId === 's1-ac1')?.workOrders).toBe(1);
    expect(r.pv).toEqual([
      expect.objectContaining({ deviceId: 's1-pv1', generationKwh: 812.5, status: 'normal', abnormalMs: 0 }),
      expect.objectContaining({
        deviceId: 's2-pv1',
        generationKwh: 640,
        status: 'abnormal',
        abnormalMs: HOUR,
      }),
    ]);
    expect(r.totals).toMatchObject({ generationKwh: 1452.5, pvAbnormal: 1, workOrders: 1 });
    expect(r.stations.find((s) => s.stationId === 's1')).toMatchObject({
      chargers: 2,
      generationKwh: 812.5,
      faults: 1,
    });
  });

  it('names the source of every figure', () => {
    const r = monthly([]);
    for (const key of [
      'sessions',
      'energyMeter',
      'energySessions',
      'faults',
      'workOrders',
      'generation',
      'pvStatus',
    ]) {
      expect(r.sources[key], key).toBeTruthy();
    }
    expect(r.system.every((k) => k.source.length > 0)).toBe(true);
  });
});
