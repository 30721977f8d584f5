import { describe, expect, it } from 'vitest';
import { alarmLive, alarmRestarts } from '../../shared/report/carry';
import { type AlarmPoint, alarmPoints, type ReportEvent } from '../../shared/report/facts';

/**
 * The two clauses of the carry-in rules (shared/report/carry.ts) that the
 * random journals of report-period.test.ts never reach: the alarm service
 * does not raise a point in the millisecond its acknowledgement returned
 * it to normal after the condition had cleared, nor leave a condition
 * active under a normal state. A journal from another desk or version
 * may, and the rules must hold there too.
 */

const SUBJECT = 'st001-ac1:fanFault';
const T = Date.parse('2026-04-10T02:00:00Z');

function alarm(type: string, ts: number, from: string, to: string): ReportEvent {
  return {
    type,
    subject: SUBJECT,
    ts,
    data: { from, to, cause: 'fanFault', source: 'status', deviceId: 'st001-ac1', stationId: 'st001' },
    reason: null,
    actor: { user: 'dutydesk', role: 'system' },
  };
}

const pointOf = (events: ReportEvent[]): AlarmPoint => alarmPoints(events).get(SUBJECT) as AlarmPoint;

describe('a raise restarts an alarm point only strictly after it returned to normal', () => {
  // Raised, cleared while unacknowledged (condition over at T - 60 s), acknowledged at T: normal from T.
  const history = [
    alarm('alarm.raised', T - 3_600_000, 'normal', 'active-unacknowledged'),
    alarm('alarm.cleared', T - 60_000, 'active-unacknowledged', 'returned-unacknowledged'),
    alarm('alarm.acked', T, 'returned-unacknowledged', 'normal'),
  ];

  it('raised again in the millisecond of the return to normal: not a restart', () => {
    const point = pointOf(history);
    // The condition ended before the raise, so only the state's start decides.
    expect(point.conditions.at(-1)?.endMs).toBeLessThan(T);
    expect(point.states.at(-1)).toEqual({ state: 'normal', startMs: T, endMs: null });
    const raise = alarm('alarm.raised', T, 'normal', 'active-unacknowledged');
    // The normal span would close with no length: the rule admits only a raise after a normal span that lasted.
    expect(alarmRestarts(point, raise)).toBe(false);
  });

  it('raised a millisecond later: a restart', () => {
    const raise = alarm('alarm.raised', T + 1, 'normal', 'active-unacknowledged');
    expect(alarmRestarts(pointOf(history), raise)).toBe(true);
  });
});

describe('an alarm point whose condition is active counts as open, whatever its state', () => {
  it('condition active under a normal state: live at a carry-in point', () => {
    // Taken out of service while active, returned to service as normal with the condition never cleared.
    const point = pointOf([
      alarm('alarm.raised', T, 'normal', 'active-unacknowledged'),
      alarm('alarm.removed-from-service', T + 60_000, 'active-unacknowledged', 'out-of-service'),
      alarm('alarm.returned-to-service', T + 120_000, 'out-of-service', 'normal'),
    ]);
    expect(point.states.at(-1)?.state).toBe('normal');
    expect(point.conditions.at(-1)).toEqual({ startMs: T, endMs: null });
    expect(alarmLive(point)).toBe(true);
  });

  it('condition over and state normal: not live', () => {
    const point = pointOf([
      alarm('alarm.raised', T, 'normal', 'active-unacknowledged'),
      alarm('alarm.acked', T + 60_000, 'active-unacknowledged', 'active-acknowledged'),
      alarm('alarm.cleared', T + 120_000, 'active-acknowledged', 'normal'),
    ]);
    expect(alarmLive(point)).toBe(false);
  });
});
