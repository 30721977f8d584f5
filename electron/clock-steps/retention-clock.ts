import { type ClockSources, type ClockStep, SYSTEM_SOURCES } from './watch';

/** What pruning may take as "now": a time to prune by, or a refusal because the wall clock just stepped. */
export type RetentionLook =
  | { ok: true; now: number }
  | {
      ok: false;
      step: ClockStep /** Where the steady clock says the wall clock should be. */;
      trusted: number;
    };

/** The journal event of a pruning round that refused to act on a stepped clock. */
export const PRUNING_HELD = 'retention.pruning-held';

/**
 * The clock pruning cuts by. Retention deletes what is older than "now"
 * minus so many days, so a wall clock that jumps a day forward would delete
 * a day of records the policy promised to keep. Two rules make that
 * impossible:
 *
 * - In the look where the wall clock is seen to step (it moved more or less
 *   than the steady clock did since the last look), pruning does nothing
 *   and the caller says so in the journal.
 * - Afterwards pruning cuts by the earlier of the wall clock and the time
 *   the steady clock has counted since this clock was made. A step forward
 *   is never believed; a step back only makes pruning keep more. Both can
 *   cost extra days of records on disk, never a record.
 */
export class RetentionClock {
  private readonly sources: ClockSources;
  private readonly anchor: { wall: number; monotonic: number };
  private last: { wall: number; monotonic: number };

  constructor(
    sources: ClockSources = SYSTEM_SOURCES,
    /** Differences up to this are drift and scheduling, not a step (as ClockStepWatch). */
    private readonly thresholdMs = 2_000,
  ) {
    this.sources = sources;
    this.anchor = this.read();
    this.last = this.anchor;
  }

  look(): RetentionLook {
    const now = this.read();
    const trusted = Math.round(this.anchor.wall + (now.monotonic - this.anchor.monotonic));
    const expected = this.last.wall + (now.monotonic - this.last.monotonic);
    this.last = now;
    const stepMs = Math.round(now.wall - expected);
    if (Math.abs(stepMs) > this.thresholdMs) {
      return { ok: false, step: { from: Math.round(expected), to: now.wall, stepMs }, trusted };
    }
    return { ok: true, now: Math.min(now.wall, trusted) };
  }

  private read(): { wall: number; monotonic: number } {
    return { wall: this.sources.wall(), monotonic: this.sources.monotonic() };
  }
}

/** A clock for pruning that is the caller's own (tests, generators): believed as it is. */
export function givenRetentionClock(now: () => number): Pick<RetentionClock, 'look'> {
  return { look: () => ({ ok: true, now: now() }) };
}
