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

/** How soon a timer whose work failed (a journal that refused a write, say) tries again. */
export const RETRY_AFTER_FAILURE_MS = 5_000;

/**
 * One timer that always points at the earliest of what is wanted, re-armed
 * on every change: the engines keep thousands of deadlines, not thousands
 * of timers. Timers may fire a little early by the wall clock; the caller's
 * handler compares against `now()` itself.
 *
 * A handler that throws would otherwise end the engine process from a bare
 * timer callback: instead the error is reported and the work tried again
 * later, so a shelf expiry or a breach is late, never lost.
 */
export class Alarmclock {
  private cancel: (() => void) | null = null;
  private at: number | null = null;

  constructor(
    private readonly clock: DeskClock,
    private readonly fire: () => void,
    private readonly onError: (error: unknown) => void = (error) =>
      console.error(`timer: ${error instanceof Error ? error.message : String(error)}`),
  ) {}

  set(at: number | null): void {
    if (at === this.at) return;
    this.clear();
    if (at === null) return;
    this.at = at;
    this.cancel = this.clock.after(at - this.clock.now(), () => {
      this.cancel = null;
      this.at = null;
      try {
        this.fire();
      } catch (error) {
        this.onError(error);
        if (this.at === null) this.set(this.clock.now() + RETRY_AFTER_FAILURE_MS);
      }
    });
  }

  clear(): void {
    this.cancel?.();
    this.cancel = null;
    this.at = null;
  }
}
