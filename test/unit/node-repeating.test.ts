import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Repeating, repeatEvery } from '../../node/repeating';

// The test drives the timers: the count of runs follows the clock it moves, not the machine's load.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A Repeating that counts its runs. */
function counting() {
  const counted = { runs: 0, task: new Repeating(() => (counted.runs += 1)) };
  return counted;
}

describe('Repeating', () => {
  it('runs its task every period until stopped, and stopping twice is harmless', () => {
    const counted = counting();
    const { task } = counted;
    task.start(100);
    vi.advanceTimersByTime(350);
    expect(counted.runs).toBe(3);
    task.stop();
    task.stop();
    vi.advanceTimersByTime(1000);
    expect(counted.runs).toBe(3);
  });

  it('replaces its schedule when started again instead of running twice as often', () => {
    const counted = counting();
    const { task } = counted;
    task.start(100);
    task.start(200);
    vi.advanceTimersByTime(1000);
    expect(counted.runs).toBe(5);
    task.stop();
  });

  it('as repeatEvery, starts at once and stops by the function it returns', () => {
    let runs = 0;
    const stop = repeatEvery(() => {
      runs += 1;
    }, 100);
    vi.advanceTimersByTime(250);
    stop();
    vi.advanceTimersByTime(1000);
    expect(runs).toBe(2);
  });
});
