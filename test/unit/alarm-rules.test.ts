import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JournalEntry } from '../../electron/alarms/recorded';
import type { AlarmService } from '../../electron/alarms/service';
import { shelvingFor } from '../../shared/alarm/shelving';
import { initialAlarm, transition } from '../../shared/alarm/state';
import { AlarmRules, type AlarmRulesInput, alarmRuleChanges } from '../../shared/config/alarm-rules';
import { DeskConfig, type DeskConfigInput, fieldPath } from '../../shared/config/schema';
import { TriageOverride, type TriageOverrideInput, tableFor } from '../../shared/triage/overrides';
import { triage } from '../../shared/triage/tiers';
import { recordingAlarmService } from '../helpers/alarm-service';
import { testDcCharger, testStation, testStatus } from '../helpers/fleet-fixtures';

const T0 = Date.UTC(2026, 10, 23, 8, 0, 0);
const HOUR = 3_600_000;
const monitor = { user: 'li.na', role: 'monitor' };

const row = (over: Partial<TriageOverrideInput>): TriageOverride =>
  TriageOverride.parse({
    id: 'site-door',
    cause: 'doorOpen',
    defectClass: 'serious',
    why: 'school',
    ...over,
  });

describe('triage overrides per station and group', () => {
  const keqiao = { id: 's1', group: 'keqiao' };
  const yuecheng = { id: 's2', group: 'yuecheng' };

  it('a station triages by its own rows, then its group’s, then the shipped table', () => {
    const overrides = [
      row({ id: 'group-door', group: 'keqiao', tier: 'remote', priority: 'low' }),
      row({ id: 'station-door', station: 's1', tier: 'emergency', priority: 'high' }),
    ];
    const door = (station: { id: string; group: string }) =>
      triage('doorOpen', { kind: 'dc-charger' }, tableFor(station, overrides));
    expect(door(keqiao)).toMatchObject({ ruleId: 'station-door', tier: 'emergency', priority: 'high' });
    expect(door({ id: 's3', group: 'keqiao' })).toMatchObject({ ruleId: 'group-door', tier: 'remote' });
    // The shipped row: 一般, check the camera first.
    expect(door(yuecheng)).toMatchObject({ ruleId: 'charger-door', tier: 'remote', defectClass: 'general' });
  });

  it('a row names exactly one of station and group', () => {
    const input = { id: 'site-door', cause: 'doorOpen', defectClass: 'serious', why: 'school' };
    const both = TriageOverride.safeParse({ ...input, station: 's1', group: 'keqiao' });
    expect(both.error?.issues[0]?.message).toMatch(/either a station or a station group/);
    expect(TriageOverride.safeParse(input).success).toBe(false);
  });
});

/** The smallest valid config with the alarm rules given. */
const config = (alarmRules: AlarmRulesInput): DeskConfigInput => ({
  stations: [testStation('s1', 'keqiao'), testStation('s2', 'yuecheng')],
  devices: [{ id: 's1-dc1', stationId: 's1', name: 'DC 1', profile: 'dc-120kw-dual', host: '10.0.0.1' }],
  alarmRules,
});

const problems = (alarmRules: AlarmRulesInput) =>
  (DeskConfig.safeParse(config(alarmRules)).error?.issues ?? []).map(
    (i) => `${fieldPath(i.path)}: ${i.message}`,
  );

describe('alarmRules in the config file', () => {
  it('accepts overrides on known stations and groups and shelf maxima per priority', () => {
    const parsed = DeskConfig.parse(
      config({
        triageOverrides: [row({ station: 's1' }), row({ id: 'yc-door', group: 'yuecheng' })],
        shelveMaxHours: { critical: 1, high: 2.5 },
      }),
    );
    expect(parsed.alarmRules?.shelveMaxHours).toEqual({ critical: 1, high: 2.5 });
  });

  it('names the field of an unknown station, an unknown group, a reused id and a bad maximum', () => {
    expect(
      problems({
        triageOverrides: [
          row({ station: 's9' }),
          row({ id: 'x-door', group: 'binhai' }),
          row({ id: 'smoke', group: 'keqiao' }),
          row({ id: 'x-door', station: 's2' }),
        ],
      }),
    ).toEqual([
      'alarmRules.triageOverrides[0].station: no station "s9"',
      'alarmRules.triageOverrides[1].group: no station group "binhai" (groups: keqiao, yuecheng)',
      'alarmRules.triageOverrides[2].id: "smoke" is a row of the shipped table: use a new id',
      'alarmRules.triageOverrides[3].id: duplicate rule id "x-door"',
    ]);
    expect(problems({ shelveMaxHours: { critical: 0.1, high: 30 } })).toEqual([
      'alarmRules.shelveMaxHours.critical: at least 0.25 h (15 minutes)',
      'alarmRules.shelveMaxHours.high: at most 24 h: a shelf never outlives the day',
    ]);
    expect(problems({ shelveMaxHours: { urgent: 1 } as AlarmRulesInput['shelveMaxHours'] })).toHaveLength(1);
  });

  it('describes a change field by field for the journal', () => {
    const before = AlarmRules.parse({
      triageOverrides: [row({ station: 's1' })],
      shelveMaxHours: { high: 4 },
    });
    const after = AlarmRules.parse({
      triageOverrides: [row({ station: 's1', tier: 'emergency' }), row({ id: 'yc-door', group: 'yuecheng' })],
      shelveMaxHours: { critical: 2 },
    });
    expect(alarmRuleChanges(before, after)).toEqual([
      'alarmRules.shelveMaxHours.critical: default → 2',
      'alarmRules.shelveMaxHours.high: 4 → default',
      'alarmRules.triageOverrides site-door changed (station s1: cause=doorOpen defectClass=serious → station s1: cause=doorOpen defectClass=serious tier=emergency)',
      'alarmRules.triageOverrides yc-door added (group yuecheng: cause=doorOpen defectClass=serious)',
    ]);
    expect(alarmRuleChanges(after, undefined)).toContain('alarmRules.triageOverrides yc-door removed');
    expect(alarmRuleChanges(before, before)).toEqual([]);
  });
});

describe('shelving maximum per priority', () => {
  it('the refusal states the maximum of the alarm’s priority', () => {
    const active = { ...initialAlarm(T0), state: 'active-unacknowledged' as const, conditionActive: true };
    const shelve = (hours: number) => ({
      type: 'shelve' as const,
      reason: 'crew on site',
      untilMs: T0 + hours * HOUR,
    });
    const policy = shelvingFor({ critical: 1.5 }, 'critical');
    expect(transition(active, shelve(2), T0, policy)).toEqual({
      refused: 'shelve for longer than the maximum of 1.5 h for critical-priority alarms',
    });
    expect(transition(active, shelve(1.5), T0, policy)).toHaveProperty('next.state', 'shelved');
    // Priorities the site did not name keep one shift.
    expect(shelvingFor({ critical: 1.5 }, 'low').maxShelveMs).toBe(8 * HOUR);
  });
});

describe('the alarm service applies the configured rules', () => {
  const status = (deviceId: string, faults: string[]) => testStatus(deviceId, faults, T0);
  let journal: JournalEntry[];
  let service: AlarmService;
  const make = (rules: AlarmRulesInput) => {
    const recording = recordingAlarmService({ rules: AlarmRules.parse(rules) });
    journal = recording.journal;
    recording.service.setTopology(
      [testStation('s1', 'keqiao'), testStation('s2', 'yuecheng')],
      [testDcCharger('s1-dc1', 's1'), testDcCharger('s2-dc1', 's2')],
    );
    recording.service.onStatus([status('s1-dc1', []), status('s2-dc1', [])]);
    return recording.service;
  };
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
    service = make({
      triageOverrides: [row({ station: 's1', tier: 'emergency', priority: 'high' })],
      shelveMaxHours: { high: 2 },
    });
  });
  afterEach(() => {
    service.stop();
    vi.useRealTimers();
  });
  const alarm = (id: string) => service.list().alarms.find((a) => a.id === id);

  it('an override changes the tier, priority and SLA clocks of an alarm raised at its station only', () => {
    service.onStatus([status('s1-dc1', ['doorOpen']), status('s2-dc1', ['doorOpen'])]);
    const s1 = alarm('s1-dc1:doorOpen');
    expect(s1).toMatchObject({ tier: 'emergency', priority: 'high', ruleId: 'site-door' });
    expect(s1?.clocks.map((c) => c.id)).toEqual(['plan', 'arrive', 'progress', 'device-status', 'materials']);
    expect(alarm('s2-dc1:doorOpen')).toMatchObject({
      tier: 'remote',
      priority: 'low',
      ruleId: 'charger-door',
    });
    expect(journal.find((e) => e.subject === 's1-dc1:doorOpen')?.data).toMatchObject({ ruleId: 'site-door' });
  });

  it('shelving past the configured maximum is refused with that maximum; a changed maximum applies at once', () => {
    service.onStatus([status('s1-dc1', ['doorOpen']), status('s2-dc1', ['doorOpen'])]);
    expect(() => service.shelve('s1-dc1:doorOpen', 'crew on site', T0 + 3 * HOUR, monitor)).toThrow(
      'shelve for longer than the maximum of 2 h for high-priority alarms',
    );
    // The low-priority alarm at the other station keeps one shift.
    expect(service.shelve('s2-dc1:doorOpen', 'camera shows a cleaner', T0 + 8 * HOUR, monitor).state).toBe(
      'shelved',
    );
    service.setRules(AlarmRules.parse({ shelveMaxHours: { high: 4 } }));
    expect(service.shelve('s1-dc1:doorOpen', 'crew on site', T0 + 3 * HOUR, monitor).state).toBe('shelved');
  });

  it('a shelf journalled under a longer maximum comes back after a restart under a shorter one', () => {
    service.setRules(AlarmRules.parse({ shelveMaxHours: { high: 6 } }));
    service.onStatus([status('s1-dc1', ['doorOpen'])]);
    service.shelve('s1-dc1:doorOpen', 'crew on site', T0 + 5 * HOUR, monitor);
    service.stop();
    const recorded = journal.map((e, i) => ({ ...e, id: `e${i}` }));
    service = make({ shelveMaxHours: { high: 1 } });
    expect(service.restore(recorded)).toEqual([]);
    expect(alarm('s1-dc1:doorOpen')).toMatchObject({ state: 'shelved', shelf: { untilMs: T0 + 5 * HOUR } });
  });

  it('changed overrides apply to the next incident; the raised one keeps its triage', () => {
    service.onStatus([status('s1-dc1', ['doorOpen'])]);
    service.setRules(undefined);
    expect(alarm('s1-dc1:doorOpen')?.tier).toBe('emergency');
    service.onStatus([status('s1-dc1', [])]);
    service.ack('s1-dc1:doorOpen', monitor);
    service.onStatus([status('s1-dc1', ['doorOpen'])]);
    expect(alarm('s1-dc1:doorOpen')).toMatchObject({ tier: 'remote', ruleId: 'charger-door' });
  });
});
