import { describe, expect, it } from 'vitest';
import { emptyDuty, exclusionsNow, withApplicationList } from '../../renderer/src/state/duty';
import { applyDelta, fromSnapshot } from '../../renderer/src/state/fleet';
import {
  alarmsByTier,
  availability,
  energySince,
  isWallboardUrl,
  rotateSeconds,
  slaBreaches,
  startOfDay,
} from '../../renderer/src/views/wallboard/model';
import type { ApplicationView } from '../../shared/api';
import { applicationView } from '../helpers/views';
import { sample, snapshot, T0 } from './renderer-fixtures';

type Alarm = Parameters<typeof slaBreaches>[0] extends Iterable<infer A> ? A : never;

const deadline = (id: string, state: 'running' | 'breached' | 'met', at: number) => ({
  kind: 'deadline' as const,
  id,
  state,
  startedAt: at - 3_600_000,
  deadline: at,
  stoppedAt: null,
  remainingMs: null,
  onBreach: 'escalate' as const,
  basis: 'test',
});

const alarm = (
  id: string,
  tier: Alarm['tier'],
  state: Alarm['state'],
  clocks: Alarm['clocks'] = [],
): Alarm => ({
  id,
  stationId: 's1',
  tier,
  state,
  clocks,
});

function outage(id: string, deviceId: string, stationId: string, more: Partial<ApplicationView> = {}) {
  return applicationView({
    id,
    target: { deviceId },
    deviceIds: [deviceId],
    stationId,
    appliedAt: T0 - 120_000,
    ...more,
  });
}

describe('the wallboard URL', () => {
  it('is the desk URL with ?view=wallboard or #/wallboard', () => {
    expect(isWallboardUrl({ search: '?view=wallboard&token=x', hash: '' })).toBe(true);
    expect(isWallboardUrl({ search: '', hash: '#/wallboard' })).toBe(true);
    expect(isWallboardUrl({ search: '?lang=en', hash: '' })).toBe(false);
  });

  it('takes a page time in seconds within bounds, else 20 s', () => {
    expect(rotateSeconds('?rotate=8')).toBe(8);
    for (const bad of ['', '?rotate=0', '?rotate=-3', '?rotate=9999', '?rotate=soon'])
      expect(rotateSeconds(bad)).toBe(20);
  });
});

describe('wallboard figures', () => {
  it('availability counts devices that can be used now, per group and for the fleet', () => {
    const figures = availability(fromSnapshot(snapshot()));
    expect(figures.fleet).toEqual({ group: '', available: 2, total: 4, excluded: 0 });
    expect(figures.groups).toEqual([
      { group: 'A', available: 2, total: 3, excluded: 0 },
      { group: 'B', available: 0, total: 1, excluded: 0 },
    ]);
  });

  it('a device under an approved outage or exemption leaves the count instead of counting as down', () => {
    const fleet = fromSnapshot(snapshot());
    // s1-dc1 is in fault and under an approved outage, s2-ac1 has lost comms during a declared platform failure.
    const duty = withApplicationList(emptyDuty, {
      applications: [
        outage('AP-0001', 's1-dc1', 's1', { state: 'approved', decidedAt: T0 - 60_000 }),
        outage('AP-0002', 's2-ac1', 's2', {
          kind: 'exemption',
          reason: 'platform-failure',
          state: 'approved',
          from: T0 - 60_000,
          until: T0 + 3_600_000,
        }),
        // Waiting for a lead: still counted.
        outage('AP-0003', 's1-ac1', 's1'),
      ],
      exclusions: [],
    });
    const figures = availability(fleet, exclusionsNow(duty, T0));
    expect(figures.fleet).toEqual({ group: '', available: 2, total: 2, excluded: 2 });
    expect(figures.groups).toEqual([
      { group: 'A', available: 2, total: 2, excluded: 1 },
      { group: 'B', available: 0, total: 0, excluded: 1 },
    ]);
    // Once the exemption's period is over the lost charger counts against availability again.
    expect(availability(fleet, exclusionsNow(duty, T0 + 3_600_000)).fleet).toEqual({
      group: '',
      available: 2,
      total: 3,
      excluded: 1,
    });
  });

  it('open alarms by tier leave out closed and hidden ones; unacknowledged counted apart', () => {
    const counts = alarmsByTier([
      alarm('a', 'emergency', 'active-unacknowledged'),
      alarm('b', 'on-site', 'active-acknowledged'),
      alarm('c', 'remote', 'returned-unacknowledged'),
      alarm('d', 'emergency', 'shelved'),
      alarm('e', 'emergency', 'normal'),
    ]);
    expect(counts).toEqual({ emergency: 1, 'on-site': 1, remote: 1, unacknowledged: 2 });
  });

  it('SLA breaches are the missed deadlines of open alarms, most overdue first', () => {
    const now = T0;
    const breaches = slaBreaches(
      [
        alarm('a', 'on-site', 'active-acknowledged', [
          deadline('dispatch', 'breached', now - 60_000),
          deadline('arrive', 'running', now + 1),
        ]),
        alarm('b', 'emergency', 'active-unacknowledged', [deadline('plan', 'breached', now - 600_000)]),
        alarm('c', 'remote', 'normal', [deadline('plan', 'breached', now - 900_000)]),
      ],
      now,
    );
    expect(breaches.map((b) => [b.alarmId, b.clock, b.lateMs])).toEqual([
      ['b', 'plan', 600_000],
      ['a', 'dispatch', 60_000],
    ]);
  });

  it('energy since the baseline, charged and generated apart; a counter that went back counts from zero', () => {
    const fleet = applyDelta(fromSnapshot(snapshot()), {
      status: [],
      samples: [sample('s1-pv1', 'energyTotal', 84_263_000, T0 + 1)],
    });
    const today = energySince(fleet, {
      since: startOfDay(T0, 'Asia/Shanghai'),
      kwh: new Map([['s1-pv1', 84_213]]),
    });
    expect(today.generatedKwh).toBeCloseTo(50);
    expect(today.chargedKwh).toBe(0);
    expect(today.devices).toBe(1);
    const replaced = energySince(fleet, {
      since: startOfDay(T0, 'Asia/Shanghai'),
      kwh: new Map([['s1-pv1', 90_000]]),
    });
    expect(replaced.generatedKwh).toBeCloseTo(84_263);
  });

  it("a day starts at midnight in the control room's zone, whatever the browser's", () => {
    // 17:30 UTC is 01:30 the next day in Shanghai and 12:30 (EST) the same day in New York.
    const at = Date.parse('2026-11-23T17:30:00Z');
    expect(new Date(startOfDay(at, 'Asia/Shanghai')).toISOString()).toBe('2026-11-23T16:00:00.000Z');
    expect(new Date(startOfDay(at, 'America/New_York')).toISOString()).toBe('2026-11-23T05:00:00.000Z');
    expect(new Date(startOfDay(at, 'UTC')).toISOString()).toBe('2026-11-23T00:00:00.000Z');
  });
});
