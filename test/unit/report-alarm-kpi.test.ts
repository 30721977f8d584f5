import { describe, expect, it } from 'vitest';
import type { PointSample } from '../../shared/api/model';
import { alarmKpiReport } from '../../shared/report/alarm-kpi';
import { alarmPoints, type ReportEvent } from '../../shared/report/facts';
import { judge } from '../../shared/report/kpi';
import { reportPeriod } from '../../shared/report/period';
import { SessionTracker } from '../../shared/report/session-tracker';
import { shiftReport } from '../../shared/report/shift';
import { ack, at, clear, event, HOUR, MIN, raise, T0, TZ } from './report-fixtures';

/** Ten hours observed. */
const period = reportPeriod('2026-11', TZ, T0, T0 + 10 * HOUR);
const kpis = (events: ReportEvent[]) => alarmKpiReport({ period, points: alarmPoints(events) });
const value = (events: ReportEvent[], id: string) => kpis(events).kpis.find((k) => k.id === id);

/** n distinct alarms annunciated one every `everyMin` minutes from `fromMin`. */
const burst = (n: number, fromMin: number, everyMin: number, priority = 'low') =>
  Array.from({ length: n }, (_, i) => raise(`s1-ac1:c${i}`, fromMin + i * everyMin, { priority }));

describe('KPI verdicts', () => {
  const perHour = { kind: 'max' as const, value: 6, near: 12, basis: 'EEMUA' };
  it.each([
    [3, 'met'],
    [6, 'met'],
    [9, 'near'],
    [12, 'near'],
    [13, 'missed'],
    [null, 'none'],
  ])('%s alarms per hour: %s', (v, verdict) => {
    expect(judge(v, perHour)).toBe(verdict);
  });
  it('a lower bound', () => {
    expect(judge(0.7, { kind: 'min', value: 0.8, near: 0.65, basis: '' })).toBe('near');
    expect(judge(0.5, { kind: 'min', value: 0.8, near: 0.65, basis: '' })).toBe('missed');
  });
});

describe('alarm KPIs (ISA-18.2 / EEMUA 191, OPC UA Part 9)', () => {
  it.each<[string, ReportEvent[], string, number, string]>([
    ['30 alarms in 10 h: 3 per hour', burst(30, 0, 20), 'averageRate', 3, 'met'],
    ['100 alarms in 10 h: 10 per hour', burst(100, 0, 6), 'averageRate', 10, 'near'],
    ['the same per 10 minutes', burst(30, 0, 20), 'averageRate10Min', 0.5, 'met'],
    ['12 alarms in 6 minutes is a flood', burst(12, 0, 0.5), 'peak10Min', 12, 'missed'],
    [
      'nothing hidden counts',
      [raise('s1-ac1:a', 1, { to: 'suppressed-by-design' }), raise('s1-ac1:b', 2, { to: 'shelved' })],
      'alarmCount',
      0,
      'none',
    ],
  ])('%s', (_name, events, id, expected, verdict) => {
    const k = value(events, id);
    expect(k?.value).toBeCloseTo(expected, 9);
    expect(k?.verdict).toBe(verdict);
  });

  it('a desk with minutes of records reports its alarms per its first hour, not scaled up to an hour', () => {
    const short = reportPeriod('2026-11', TZ, T0, T0 + 10 * MIN);
    const r = alarmKpiReport({ period: short, points: alarmPoints(burst(5, 0, 1)) });
    const k = (id: string) => r.kpis.find((x) => x.id === id);
    expect(k('averageRate')).toMatchObject({ value: 5, verdict: 'met' });
    expect(k('averageRate10Min')?.value).toBe(5);
    expect(k('currentRate')?.value).toBe(5);
  });

  it('current rate: the alarms of the last hour', () => {
    const k = value([...burst(20, 0, 1), ...burst(3, 560, 10).map(rename('late'))], 'currentRate');
    expect(k).toMatchObject({ value: 3, verdict: 'met' });
  });

  it('time in flood: 11 alarms 54 s apart flood the desk from the 11th until the 1st leaves the window', () => {
    const k = value(burst(11, 0, 0.9), 'floodShare');
    // Flooded from minute 9 (the 11th) until minute 10 (the 1st, at 0, leaves the 10-minute window).
    expect(k?.value).toBeCloseTo(1 / 600, 9);
    expect(k?.verdict).toBe('met');
    expect(kpis(burst(11, 0, 0.9)).floods).toEqual([
      expect.objectContaining({ startMs: at(9), endMs: at(10), alarms: 11 }),
    ]);
    // A minute apart, the first has left as the 11th arrives: never more than 10 in the window.
    expect(value(burst(11, 0, 1), 'floodShare')?.value).toBe(0);
  });

  it('top 10 and their share; chattering from three activations within a minute; re-alarms', () => {
    const events = [
      raise('s1-ac1:groundFault', 0),
      clear('s1-ac1:groundFault', 0.2),
      raise('s1-ac1:groundFault', 0.4, { from: 'returned-unacknowledged' }),
      clear('s1-ac1:groundFault', 0.6),
      raise('s1-ac1:groundFault', 0.8, { from: 'returned-unacknowledged' }),
      ...burst(15, 60, 10),
    ];
    const r = kpis(events);
    expect(r.top[0]).toMatchObject({ alarmId: 's1-ac1:groundFault', count: 3, share: 3 / 18 });
    expect(r.top).toHaveLength(10);
    expect(r.kpis.find((k) => k.id === 'top10Share')?.value).toBeCloseTo(12 / 18, 9);
    expect(r.chattering).toEqual([
      expect.objectContaining({ alarmId: 's1-ac1:groundFault', activations: 3, bursts: 1 }),
    ]);
    expect(r.kpis.find((k) => k.id === 'chattering')).toMatchObject({ value: 1, verdict: 'missed' });
    expect(r.kpis.find((k) => k.id === 'maximumReAlarm')?.value).toBe(2);
  });

  it('priority distribution against 80 / 15 / 5 %, critical counted as high', () => {
    const r = kpis([
      ...burst(16, 0, 1, 'low'),
      ...burst(2, 30, 1, 'medium').map(rename('m')),
      raise('s1-ac1:x', 50, { priority: 'critical' }),
      raise('s1-ac1:y', 51, { priority: 'high' }),
    ]);
    expect(r.priorities).toEqual([
      { priority: 'high', count: 2, share: 0.1, target: 0.05, verdict: 'near' },
      { priority: 'medium', count: 2, share: 0.1, target: 0.15, verdict: 'met' },
      { priority: 'low', count: 16, share: 0.8, target: 0.8, verdict: 'met' },
    ]);
  });

  it('stale, standing and the OPC UA durations from the alarm states', () => {
    const long = reportPeriod('2026-11', TZ, T0, T0 + 48 * HOUR);
    const events = [
      raise('s1-ac1:groundFault', 0),
      ack('s1-ac1:groundFault', 30),
      raise('s1-dc1:fanFault', 60),
      clear('s1-dc1:fanFault', 120, 'active-unacknowledged', 'returned-unacknowledged'),
    ];
    const r = alarmKpiReport({ period: long, points: alarmPoints(events) });
    const k = (id: string) => r.kpis.find((x) => x.id === id)?.value;
    // groundFault has been active (unacknowledged, then acknowledged) for the whole 48 h.
    expect(r.stale).toEqual([
      expect.objectContaining({ alarmId: 's1-ac1:groundFault', activeMs: 48 * HOUR }),
    ]);
    expect(k('maximumActive')).toBe(48 * HOUR);
    // fanFault was never acknowledged: unacknowledged from minute 60 to the end.
    expect(k('maximumUnack')).toBe(48 * HOUR - 60 * MIN);
    expect(k('standing')).toBe(2);
    expect(k('alarmCount')).toBe(2);
    expect(r.hourly).toHaveLength(48);
    expect(r.hourly[0]?.count).toBe(1);
    expect(r.hourly[1]?.count).toBe(1);
  });
});

function rename(prefix: string) {
  return (e: ReportEvent): ReportEvent => ({ ...e, subject: `${e.subject}${prefix}` });
}

describe('charging sessions from gun telemetry', () => {
  const sample = (
    key: string,
    value: string | number,
    seconds: number,
    quality: PointSample['quality'] = 'good',
  ): PointSample => ({
    deviceId: 's1-ac1',
    key,
    value,
    quality,
    ts: T0 + seconds * 1000,
  });
  const run = (deltas: PointSample[][]) => {
    const tracker = new SessionTracker((id) => (id.startsWith('s1-') ? 's1' : null));
    return deltas.flatMap((d) => tracker.update(d));
  };

  it.each<[string, PointSample[][], { energyKwh: number; startedAt: number; endState: string }[]]>([
    [
      'a session: its highest energy reading, back-dated by the session timer',
      [
        [sample('gun1.state', 'preparing', 10)],
        [
          sample('gun1.state', 'charging', 20),
          sample('gun1.duration', 10, 20),
          sample('gun1.energy', 0.1, 20),
        ],
        [sample('gun1.energy', 9.5, 100)],
        // The charger clears the register as the session ends.
        [sample('gun1.state', 'idle', 110), sample('gun1.energy', 0, 110)],
      ],
      [{ energyKwh: 9.5, startedAt: T0 + 10_000, endState: 'idle' }],
    ],
    [
      'a comms loss in the middle does not end it; a fault does',
      [
        [sample('gun1.state', 'charging', 0), sample('gun1.energy', 3, 0)],
        [sample('gun1.state', 'charging', 50, 'comm-fail'), sample('gun1.energy', 3, 50, 'comm-fail')],
        [sample('gun1.state', 'faulted', 80), sample('gun1.energy', 4, 80)],
      ],
      [{ energyKwh: 4, startedAt: T0, endState: 'faulted' }],
    ],
    [
      'a car plugged in and taken away without charging is no session',
      [[sample('gun1.state', 'preparing', 0)], [sample('gun1.state', 'idle', 30)]],
      [],
    ],
    [
      'a session under way when the desk starts keeps its real start',
      [
        [
          sample('gun1.state', 'charging', 3600),
          sample('gun1.duration', 1800, 3600),
          sample('gun1.energy', 12, 3600),
        ],
        [sample('gun1.state', 'idle', 3700)],
      ],
      [{ energyKwh: 12, startedAt: T0 + 1800_000, endState: 'idle' }],
    ],
  ])('%s', (_name, deltas, expected) => {
    expect(run(deltas)).toEqual(
      expected.map((e) => expect.objectContaining({ deviceId: 's1-ac1', stationId: 's1', gun: 1, ...e })),
    );
  });

  it('ignores devices that are not configured chargers', () => {
    const tracker = new SessionTracker(() => null);
    expect(tracker.update([sample('gun1.state', 'charging', 0)])).toEqual([]);
    expect(tracker.update([sample('gun1.state', 'idle', 1)])).toEqual([]);
  });
});

describe('shift report', () => {
  const shift = {
    id: '2026-11-01@08:00',
    date: '2026-11-01',
    start: '08:00',
    startsAt: at(480),
    endsAt: at(1200),
    timeZone: TZ,
  };
  const events = [
    raise('s1-ac1:groundFault', 470, { tier: 'on-site' }),
    raise('s1-ac1:groundFault', 500, { tier: 'on-site', from: 'returned-unacknowledged' }),
    raise('s1:comms.station', 600, { tier: 'on-site' }),
    ack('s1:comms.station', 610),
    event('charging.session', 's1-ac1:gun1', 700, { energyKwh: 11.25, gun: 1, endState: 'idle' }),
    event('device.write.requested', 's1-ac1', 710, { key: 'gun1.command', value: 'stop' }),
    event('workorder.created', 'WO-0001', 720, {}),
    event('alarm.raised', 's1-ac1:later', 1300, { from: 'normal', to: 'active-unacknowledged' }),
  ];
  const handover = [
    event('handover.note', 'handover/2026-11-01@08:00', 900, {}),
    event('handover.signed', 'handover/2026-11-01@08:00', 1201, {}),
  ];

  it('counts what happened between its start and end, and where its handover stands', () => {
    const r = shiftReport({ shift, events, handover, now: at(1300) });
    const count = (id: string) => r.counts.find((k) => k.id === id)?.value;
    expect(count('alarmsAnnunciated')).toBe(2);
    expect(count('alarmsAcked')).toBe(1);
    expect(count('sessions')).toBe(1);
    expect(count('energy')).toBe(11.25);
    expect(count('remoteControls')).toBe(1);
    expect(count('workOrdersCreated')).toBe(1);
    expect(r.alarmsByTier).toEqual([
      { tier: 'remote', count: 0 },
      { tier: 'on-site', count: 2 },
      { tier: 'emergency', count: 0 },
    ]);
    expect(r.handover).toEqual({
      state: 'signed',
      signedBy: 'dutydesk',
      acceptedBy: null,
      notes: 1,
      checks: 0,
    });
    expect(r.events.map((e) => e.type)).toEqual([
      'workorder.created',
      'device.write.requested',
      'charging.session',
      'alarm.acked',
      'alarm.raised',
      'alarm.raised',
    ]);
    expect(r.events[2]?.summary).toBe('gun 1 · 11.25 kWh · idle');
    expect(r.more).toBe(false);
  });
});
