import { describe, expect, it } from 'vitest';
import { Alarmclock, type DeskClock, RETRY_AFTER_FAILURE_MS } from '../../electron/alarms/clock';

/** A clock that only moves when the test says so, running due callbacks in order. */
function manualClock(): DeskClock & { advance(ms: number): void } {
  let now = 0;
  let timers: { at: number; fn: () => void }[] = [];
  return {
    now: () => now,
    after(ms, fn) {
      const timer = { at: now + Math.max(0, ms), fn };
      timers.push(timer);
      return () => {
        timers = timers.filter((t) => t !== timer);
      };
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.fn();
      }
      now = until;
    },
  };
}

describe('Alarmclock', () => {
  it('fires once at the time set, and not when cleared', () => {
    const clock = manualClock();
    const fired: number[] = [];
    const timer = new Alarmclock(clock, () => fired.push(clock.now()));
    timer.set(1000);
    clock.advance(5000);
    expect(fired).toEqual([1000]);
    timer.set(7000);
    timer.clear();
    clock.advance(5000);
    expect(fired).toEqual([1000]);
  });

  it('reports a handler that throws and tries again later instead of ending the process', () => {
    const clock = manualClock();
    const errors: string[] = [];
    const fired: number[] = [];
    let failuresLeft = 2;
    const timer = new Alarmclock(
      clock,
      () => {
        fired.push(clock.now());
        if (failuresLeft-- > 0) throw new Error('journal refused the write');
      },
      (error) => errors.push((error as Error).message),
    );
    timer.set(1000);
    expect(() => clock.advance(1000 + 3 * RETRY_AFTER_FAILURE_MS)).not.toThrow();
    expect(fired).toEqual([1000, 1000 + RETRY_AFTER_FAILURE_MS, 1000 + 2 * RETRY_AFTER_FAILURE_MS]);
    expect(errors).toEqual(['journal refused the write', 'journal refused the write']);
  });

  it('keeps a time the failing handler set itself rather than the retry', () => {
    const clock = manualClock();
    const fired: number[] = [];
    const timer: Alarmclock = new Alarmclock(
      clock,
      () => {
        fired.push(clock.now());
        if (fired.length === 1) {
          timer.set(clock.now() + 100);
          throw new Error('half done');
        }
      },
      () => {},
    );
    timer.set(1000);
    clock.advance(RETRY_AFTER_FAILURE_MS * 2);
    expect(fired).toEqual([1000, 1100]);
  });
});
