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

const breached = (id: string): ClockView => ({
  kind: 'deadline',
  id,
  state: 'breached',
  startedAt: T0,
  deadline: T0 + HOUR,
  stoppedAt: null,
  remainingMs: 0,
  onBreach: 'escalate',
  basis: 'test',
});

/** How many subjects the watch holds escalations for: the structure that grew with every incident. */
const held = (watch: DeadlineWatch) =>
  (watch as unknown as { escalated: Map<string, unknown> }).escalated.size;

describe('DeadlineWatch escalations', () => {
  it('escalates each deadline once per incident and keeps only the current incident of each subject', () => {
    const watch = new DeadlineWatch(manualClock().clock, () => {});
    let escalations = 0;
    for (let incident = 0; incident < 5_000; incident++) {
      const id = `alarm-${incident % 10}`;
      const raisedAt = T0 + incident * HOUR;
      escalations += watch.observe(subject(id), raisedAt, [breached('plan')], true).length;
      // The same incident looked at again, and a restart's replay of it, escalate nothing more.
      expect(watch.observe(subject(id), raisedAt, [breached('plan')], true)).toEqual([]);
      watch.remember(id, raisedAt, 'plan');
      expect(watch.observe(subject(id), raisedAt, [breached('plan')], true)).toEqual([]);
    }
    expect(escalations).toBe(5_000);
    expect(held(watch)).toBe(10);
  });

  it('forgets a closed subject, whose next raise is a new point', () => {
    const watch = new DeadlineWatch(manualClock().clock, () => {});
    for (let n = 0; n < 1_000; n++) {
      watch.remember(`alarm-${n}`, T0, 'plan');
      watch.forget(`alarm-${n}`);
    }
    expect(held(watch)).toBe(0);
    expect(watch.observe(subject('alarm-1'), T0, [breached('plan')], true)).toHaveLength(1);
  });

  it('remembers each clock of an incident restored before a restart', () => {
    const watch = new DeadlineWatch(manualClock().clock, () => {});
    watch.remember('a', T0, 'plan');
    watch.remember('a', T0, 'resolve');
    const passed = watch.observe(
      subject('a'),
      T0,
      [breached('plan'), breached('resolve'), breached('arrive')],
      true,
    );
    expect(passed.map((p) => p.clockId)).toEqual(['arrive']);
  });
});
