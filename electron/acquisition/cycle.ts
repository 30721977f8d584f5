/** A value not refreshed for this many of its own read periods is stale. */
const STALE_PERIODS = 2.5;
/** How fast the measure follows a cycle that got shorter again; a longer one is taken at once. */
const SETTLE = 0.1;

/**
 * How long one poll cycle of a connection really takes. Under load a
 * gateway's serialized queue makes every cycle behind it longer than the
 * configured interval; judged against the interval, values read on every
 * cycle would flip between stale and good. A longer cycle counts at once,
 * a shorter one settles in slowly, so a brief lull does not bring it back.
 */
export class CycleMeter {
  private measured = 0;

  note(gapMs: number): void {
    this.measured = gapMs >= this.measured ? gapMs : this.measured + (gapMs - this.measured) * SETTLE;
  }

  /** The cycle to judge by: the measured one, never shorter than configured. */
  period(intervalMs: number): number {
    return Math.max(intervalMs, this.measured);
  }
}

/** Stale: older than STALE_PERIODS of its own read period (`every` cycles of `cycleMs`). */
export function isStale(ageMs: number, every: number, cycleMs: number): boolean {
  return ageMs > STALE_PERIODS * every * cycleMs;
}
