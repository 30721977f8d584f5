import { Repeating } from '../../node/repeating';
import type { JournalInput } from '../../shared/journal/event';
import type { Logger } from '../log/logger';

/** Wall time (may step) and a clock that only moves forward at a steady rate. */
export type ClockSources = { wall: () => number; monotonic: () => number };

export const SYSTEM_SOURCES: ClockSources = { wall: () => Date.now(), monotonic: () => performance.now() };

export type ClockStep = { from: number; to: number; stepMs: number };

/** The journal event of a step: `ts` is the stepped clock's, `data.from` what the clock would have read. */
export const CLOCK_STEPPED = 'desk.clock-stepped';

/**
 * Notices the desk's wall clock stepping (an NTP correction, a wrong
 * manual setting put right): between two looks the wall clock moved by
 * more, or less, than the steady clock did. Each step is journalled, so a
 * record stamped an hour "before" the one above it has its explanation in
 * the journal itself; the chain's order is seq, never time, so it stays
 * intact.
 */
export class ClockStepWatch {
  private readonly sources: ClockSources;
  private last: { wall: number; monotonic: number };
  private readonly looks = new Repeating(() => this.checkSafely());

  constructor(
    private readonly options: {
      journal: { append(input: JournalInput): unknown };
      log: Logger;
      sources?: ClockSources;
      /** Differences up to this are drift and scheduling, not a step. */
      thresholdMs?: number;
    },
  ) {
    this.sources = options.sources ?? SYSTEM_SOURCES;
    this.last = this.read();
  }

  /** Looks every `everyMs`; a step is noticed at most that long after it happened. */
  start(everyMs = 5_000): void {
    this.looks.start(everyMs);
  }

  stop(): void {
    this.looks.stop();
  }

  /** One look: the step since the last look, journalled, or null. */
  check(): ClockStep | null {
    const now = this.read();
    const expected = this.last.wall + (now.monotonic - this.last.monotonic);
    this.last = now;
    const stepMs = Math.round(now.wall - expected);
    if (Math.abs(stepMs) <= (this.options.thresholdMs ?? 2_000)) return null;
    const step = { from: Math.round(expected), to: now.wall, stepMs };
    this.options.journal.append({
      type: CLOCK_STEPPED,
      subject: 'desk-clock',
      ts: now.wall,
      data: step,
      reason: null,
      actor: { user: 'dutydesk', role: 'system' },
    });
    this.options.log.warn(`desk clock stepped by ${stepMs} ms (journalled)`);
    return step;
  }

  private checkSafely(): void {
    try {
      this.check();
    } catch (error) {
      this.options.log.warn(`clock step not journalled: ${(error as Error).message}`);
    }
  }

  private read(): { wall: number; monotonic: number } {
    return { wall: this.sources.wall(), monotonic: this.sources.monotonic() };
  }
}
