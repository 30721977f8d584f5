import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AlarmService } from '../../electron/alarms/service';
import { type RecordingAlarmService, recordingAlarmService } from '../helpers/alarm-service';
import { testDcCharger, testStation, testStatus } from '../helpers/fleet-fixtures';

const T0 = Date.UTC(2026, 10, 23, 8, 0, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ID = 's1-dc1:insulationFault';

let journal: RecordingAlarmService['journal'];
let service: AlarmService;

/*
 * The SLA clocks read the wall clock, and their one timer waits on the
 * steady clock (setTimeout), which a step does not move. Fake timers model
 * exactly that: setSystemTime steps Date.now() and fires nothing.
 */
beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
  ({ service, journal } = recordingAlarmService());
  service.setTopology([testStation('s1', 'keqiao')], [testDcCharger('s1-dc1', 's1')]);
  service.onStatus([testStatus('s1-dc1', [], Date.now())]);
  // An emergency: its plan is due 4 h after it was raised, on site 8 h after.
  service.onStatus([testStatus('s1-dc1', ['insulationFault'], Date.now())]);
});
afterEach(() => {
  service.stop();
  vi.useRealTimers();
});

const breaches = () =>
  journal
    .filter((e) => e.type === 'alarm.sla-breached')
    .map((e) => ({ clock: (e.data as { clockId: string }).clockId }));

describe('SLA clocks under desk clock steps', () => {
  it('a step back of an hour delays a breach by that hour on the wall clock; it is journalled once', () => {
    vi.advanceTimersByTime(2 * HOUR);
    vi.setSystemTime(Date.now() - HOUR);
    // The timer armed for the plan deadline fires on the steady clock, when the wall still says 3 h.
    vi.advanceTimersByTime(2 * HOUR);
    expect(breaches()).toEqual([]);
    vi.advanceTimersByTime(HOUR);
    expect(breaches().map((b) => b.clock)).toEqual(['plan']);
    vi.advanceTimersByTime(10 * HOUR);
    expect(breaches().map((b) => b.clock)).toEqual(['plan', 'arrive']);
    expect(
      service
        .list()
        .alarms.find((a) => a.id === ID)
        ?.clocks.find((c) => c.id === 'plan'),
    ).toMatchObject({
      state: 'breached',
      deadline: T0 + 4 * HOUR,
    });
  });

  it('a step forward of a day breaches what the stepped clock says is late, each deadline once, none lost', () => {
    vi.advanceTimersByTime(HOUR);
    vi.setSystemTime(Date.now() + DAY);
    vi.advanceTimersByTime(3 * HOUR);
    expect(
      breaches()
        .map((b) => b.clock)
        .sort(),
    ).toEqual(['arrive', 'plan']);
    vi.advanceTimersByTime(2 * DAY);
    service.ack(ID, { user: 'li.na', role: 'monitor' });
    vi.advanceTimersByTime(DAY);
    expect(breaches()).toHaveLength(2);
    expect(journal.filter((e) => e.type === 'alarm.acked')).toHaveLength(1);
  });
});
