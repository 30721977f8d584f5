import { describe, expect, it } from 'vitest';
import type { DeskClock } from '../../electron/alarms/clock';
import { DeadlineWatch } from '../../electron/alarms/deadlines';
import type { ClockView } from '../../shared/triage/sla';

const T0 = Date.UTC(2026, 10, 23, 8, 0, 0);
const HOUR = 3_600_000;

/** A clock whose one pending timer the test reads and fires by hand. */
function manualClock() {
  let nowMs = T0;
  let timer: { at: number; fn: () => void } | null = null;
  const clock: DeskClock = {
    now: () => nowMs,
    after(ms, fn) {
      const mine = { at: nowMs + ms, fn };
      timer = mine;
      return () => {
        if (timer === mine) timer = null;
      };
    },
  };
  return {
    clock,
    armedAt: () => timer?.at ?? null,
    fire() {
      const due = timer;
      timer = null;
      if (due) {
        nowMs = due.at;
        due.fn();
      }
    },
  };
}

const running = (deadline: number): ClockView => ({
  kind: 'deadline',
  id: 'plan',
  state: 'running',
  startedAt: T0,
  deadline,
  stoppedAt: null,
  remainingMs: deadline - T0,
  onBreach: 'escalate',
  basis: 'test',
});
const subject = (id: string) => ({ subject: 'alarm' as const, id, stationId: 's1', tier: 'remote' as const });

describe('DeadlineWatch timer', () => {
  it('points at the earliest deadline as subjects come, move and go', () => {
    const manual = manualClock();
    const due: string[][] = [];
    const watch = new DeadlineWatch(manual.clock, (ids) => due.push(ids));
    const observe = (id: string, deadline: number | null, counting = true) =>
      watch.observe(subject(id), T0, deadline === null ? [] : [running(deadline)], counting);

    observe('a', T0 + 3 * HOUR);
    observe('b', T0 + 2 * HOUR);
    observe('c', T0 + 4 * HOUR);
    watch.arm();
    expect(manual.armedAt()).toBe(T0 + 2 * HOUR);

    // The earliest moves later: the next one takes its place.
    observe('b', T0 + 5 * HOUR);
    watch.arm();
    expect(manual.armedAt()).toBe(T0 + 3 * HOUR);

    // The earliest stops counting, then is forgotten; a later subject does not move the timer.
    observe('a', T0 + 3 * HOUR, false);
    observe('d', T0 + 6 * HOUR);
    watch.arm();
    expect(manual.armedAt()).toBe(T0 + 4 * HOUR);
    watch.forget('c');
    watch.arm();
    expect(manual.armedAt()).toBe(T0 + 5 * HOUR);

    manual.fire();
    expect(due).toEqual([['b']]);
    observe('b', null);
    watch.forget('d');
    watch.arm();
    expect(manual.armedAt()).toBeNull();
  });
});
