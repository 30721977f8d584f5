/**
 * Time as the alarm and work-order engines see it. The SLA clocks, shelf
 * expiries and limit delays all read and wait on this, so a drill or a test
 * can move the desk's time forward without waiting hours.
 */
export type DeskClock = {
  now(): number;
  /** Calls `fn` once after `ms`; the returned function cancels it. */
  after(ms: number, fn: () => void): () => void;
};

export const systemClock: DeskClock = {
  now: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, Math.max(0, ms));
    return () => clearTimeout(timer);
  },
};

/**
 * One timer that always points at the earliest of what is wanted, re-armed
 * on every change: the engines keep thousands of deadlines, not thousands
 * of timers. Timers may fire a little early by the wall clock; the caller's
 * handler compares against `now()` itself.
 */
export class Alarmclock {
  private cancel: (() => void) | null = null;
  private at: number | null = null;

  constructor(
    private readonly clock: DeskClock,
    private readonly fire: () => void,
  ) {}

  set(at: number | null): void {
    if (at === this.at) return;
    this.clear();
    if (at === null) return;
    this.at = at;
    this.cancel = this.clock.after(at - this.clock.now(), () => {
      this.cancel = null;
      this.at = null;
      this.fire();
    });
  }

  clear(): void {
    this.cancel?.();
    this.cancel = null;
    this.at = null;
  }
}
