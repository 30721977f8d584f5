import { describe, expect, it } from 'vitest';
import { availabilityReport } from '../../shared/report/availability';
import { alarmPoints, applications, type ReportEvent } from '../../shared/report/facts';
import { clip, subtract, total, union } from '../../shared/report/intervals';
import { reportPeriod } from '../../shared/report/period';
import { application, at, clear, decide, fleet, HOUR, raise, T0, TZ } from './report-fixtures';

describe('intervals', () => {
  const i = (startMs: number, endMs: number) => ({ startMs, endMs });
  it.each([
    ['joins overlapping spans', [i(0, 5), i(3, 8)], [i(0, 8)]],
    ['joins spans that touch (one poll, one timestamp)', [i(0, 5), i(5, 8)], [i(0, 8)]],
    ['keeps a gap a gap', [i(6, 8), i(0, 5)], [i(0, 5), i(6, 8)]],
    ['drops empty spans', [i(3, 3), i(1, 2)], [i(1, 2)]],
  ])('union %s', (_name, input, expected) => {
    expect(union(input)).toEqual(expected);
  });

  it.each([
    ['a hole in the middle', [i(0, 10)], [i(3, 5)], [i(0, 3), i(5, 10)]],
    ['several holes across spans', [i(0, 4), i(6, 10)], [i(2, 7), i(9, 12)], [i(0, 2), i(7, 9)]],
    ['nothing left', [i(2, 4)], [i(0, 10)], []],
    ['nothing cut', [i(2, 4)], [i(5, 6)], [i(2, 4)]],
  ])('subtract: %s', (_name, a, b, expected) => {
    expect(subtract(a, b)).toEqual(expected);
  });

  it('clips to a range and totals', () => {
    expect(total(clip([i(-5, 5), i(8, 20)], i(0, 10)))).toBe(7);
  });
});

/** Ten hours of 1 November observed. */
const tenHours = reportPeriod('2026-11', TZ, T0, T0 + 10 * HOUR);
const report = (events: ReportEvent[]) =>
  availabilityReport({
    period: tenHours,
    fleet,
    points: alarmPoints(events),
    applications: [...applications(events).values()],
  });
const dev = (events: ReportEvent[], id: string) => report(events).devices.find((d) => d.deviceId === id);

describe('availability', () => {
  it.each<[string, ReportEvent[], string, number | null, number[]]>([
    ['no alarms: fully available', [], 's1-dc1', 1, [1, 1]],
    [
      'a fault code of the charger takes both guns',
      [raise('s1-dc1:insulationFault', 60), clear('s1-dc1:insulationFault', 120)],
      's1-dc1',
      0.9,
      [0.9, 0.9],
    ],
    [
      'a faulted gun takes only itself',
      [raise('s1-dc1:gun1.faulted', 0), clear('s1-dc1:gun1.faulted', 120)],
      's1-dc1',
      0.9,
      [0.8, 1],
    ],
    [
      'its own comms loss',
      [raise('s1-ac1:comms.device', 0), clear('s1-ac1:comms.device', 60)],
      's1-ac1',
      0.9,
      [0.9],
    ],
    [
      'its station’s comms loss',
      [raise('s1:comms.station', 300), clear('s1:comms.station', 360)],
      's1-ac1',
      0.9,
      [0.9],
    ],
    [
      'its gateway’s comms loss',
      [raise('gw1:502:comms.gateway', 300, { stationId: 's1' }), clear('gw1:502:comms.gateway', 360)],
      's1-dc1',
      0.9,
      [0.9, 0.9],
    ],
    [
      'an analog pre-alarm does not count',
      [raise('s1-ac1:gun1.temperatureHigh', 0, { source: 'limit' })],
      's1-ac1',
      1,
      [1],
    ],
    [
      'a fault still active at the end runs to the end',
      [raise('s1-ac1:groundFault', 540)],
      's1-ac1',
      0.9,
      [0.9],
    ],
    [
      'overlapping fault and comms loss count once',
      [
        raise('s1-ac1:groundFault', 0),
        raise('s1-ac1:comms.device', 30),
        clear('s1-ac1:groundFault', 60),
        clear('s1-ac1:comms.device', 60),
      ],
      's1-ac1',
      0.9,
      [0.9],
    ],
    ['another station’s trouble is not this one’s', [raise('s2:comms.station', 0)], 's1-ac1', 1, [1]],
  ])('%s', (_name, events, id, expected, guns) => {
    const d = dev(events, id);
    expect(d?.availability).toBeCloseTo(expected ?? 0, 9);
    expect(d?.guns.map((g) => g.availability)).toEqual(guns.map((g) => expect.closeTo(g, 9)));
  });

  it('an approved outage is neither counted nor lost, until its resume is approved', () => {
    const events = [
      raise('s1-ac1:groundFault', 60),
      application('AP-0001', 70, 'outage', ['s1-ac1']),
      decide('AP-0001', 120, 'approved'),
      decide('AP-0001', 300, 'ended'),
      clear('s1-ac1:groundFault', 240),
    ];
    const d = dev(events, 's1-ac1');
    expect(d?.excludedMs).toBe(3 * HOUR);
    expect(d?.countedMs).toBe(7 * HOUR);
    // Down from 01:00 until the approval at 02:00; the rest of the fault falls in the outage.
    expect(d?.downMs).toBe(HOUR);
    expect(d?.availability).toBeCloseTo(6 / 7, 9);
  });

  it.each<[string, ReportEvent[], number]>([
    ['a pending outage excludes nothing', [application('AP-1', 0, 'outage', ['s1-ac1'])], 0],
    [
      'a rejected one neither',
      [application('AP-1', 0, 'outage', ['s1-ac1']), decide('AP-1', 10, 'rejected')],
      0,
    ],
    [
      'an approved decommission from its approval on',
      [application('AP-1', 0, 'decommission', ['s1-ac1']), decide('AP-1', 360, 'approved')],
      4 * HOUR,
    ],
    [
      'an approved exemption over its own period',
      [
        application('AP-1', 0, 'exemption', ['s1-ac1'], {
          from: at(120),
          until: at(180),
          reason: 'tcu-upgrade',
        }),
        decide('AP-1', 5, 'approved'),
      ],
      HOUR,
    ],
    [
      'an open-ended exemption to the end of the period',
      [
        application('AP-1', 0, 'exemption', ['s1-ac1'], { from: at(480), until: null }),
        decide('AP-1', 5, 'approved'),
      ],
      2 * HOUR,
    ],
  ])('%s', (_name, events, excluded) => {
    expect(dev(events, 's1-ac1')?.excludedMs).toBe(excluded);
  });

  it('stations and the fleet sum gun-time; PV inverters are not chargers', () => {
    const r = report([raise('s1-dc1:gun1.faulted', 0), clear('s1-dc1:gun1.faulted', 300)]);
    expect(r.devices.map((d) => d.deviceId)).toEqual(['s1-ac1', 's1-dc1', 's2-ac1']);
    // s1: three guns × 10 h, 5 h of one gun lost.
    expect(r.stations.find((s) => s.stationId === 's1')?.availability).toBeCloseTo(25 / 30, 9);
    expect(r.fleet.value).toBeCloseTo(35 / 40, 9);
    expect(r.fleet.source).toMatch(/journal/);
  });
});
