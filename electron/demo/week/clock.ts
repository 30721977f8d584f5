import type { DeskClock } from '../../alarms/clock';

/**
 * The desk's clock while the demo week is written: it stands still until
 * told to move, and moving it runs every timer that came due on the way, in
 * time order, as the real clock would have over those hours (SLA breaches,
 * reminders). Nothing here waits for real time.
 */
export class WeekClock implements DeskClock {
  private at: number;
  private readonly timers = new Set<{ at: number; fn: () => void }>();

  constructor(start: number) {
    this.at = start;
  }

  now = (): number => this.at;

  after(ms: number, fn: () => void): () => void {
    const timer = { at: this.at + Math.max(0, ms), fn };
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  }

  /** Moves to `to` (never back), firing due timers at their own moment. */
  advance(to: number): void {
    for (;;) {
      const due = [...this.timers].filter((t) => t.at <= to).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers.delete(due);
      this.at = Math.max(this.at, due.at);
      due.fn();
    }
    this.at = Math.max(this.at, to);
  }

  /** Timers still set when the week ends belong to the live desk, which sets its own. */
  clear(): void {
    this.timers.clear();
  }
}
