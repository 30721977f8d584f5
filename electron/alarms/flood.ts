import { countInSortedWindow, type FloodPolicy, firstAfter, floodSince } from '../../shared/alarm/chatter';
import type { FloodView } from '../../shared/api/contract';
import { Alarmclock, type DeskClock } from './clock';

/**
 * The desk's flood window: when alarms were annunciated, whether that is
 * a flood now and since when, and a timer for when the window next drops
 * an alarm, so the end of a flood is announced too.
 */
export class FloodWatch {
  /**
   * Kept in place: during a storm it holds thousands of entries, and
   * copying it for every new alarm would cost more than the alarm itself.
   */
  private readonly annunciations: number[] = [];
  /** Whether the last announced delta said the desk is flooded. */
  private announced = false;
  private start: number | null = null;
  private readonly timer: Alarmclock;

  constructor(
    clock: DeskClock,
    private readonly policy: FloodPolicy,
    onWake: () => void,
  ) {
    this.timer = new Alarmclock(clock, onWake);
  }

  annunciate(atMs: number): void {
    const { windowMs } = this.policy;
    const window = this.annunciations;
    let at = window.length;
    while (at > 0 && (window[at - 1] ?? 0) > atMs) at--;
    window.splice(at, 0, atMs);
    let gone = 0;
    while (gone < window.length && (window[gone] ?? 0) <= atMs - windowMs) gone++;
    if (gone > 0) window.splice(0, gone);
  }

  view(nowMs: number): FloodView {
    const flooding =
      countInSortedWindow(this.annunciations, nowMs, this.policy.windowMs) > this.policy.maxAlarms;
    // A flood keeps its start while it lasts; finding it again walks the whole window.
    if (!flooding) this.start = null;
    else if (this.start === null || !this.announced)
      this.start = floodSince(this.annunciations, nowMs, this.policy);
    return { flooding, since: this.start };
  }

  /** Whether `view` says otherwise than the last delta announced. */
  changes(view: FloodView): boolean {
    return view.flooding !== this.announced;
  }

  announce(view: FloodView): void {
    this.announced = view.flooding;
  }

  /** Re-arms the timer on the end of an announced flood's window. */
  watch(nowMs: number): void {
    const { windowMs } = this.policy;
    const first = this.annunciations[firstAfter(this.annunciations, nowMs - windowMs)];
    this.timer.set(this.announced && first !== undefined ? first + windowMs : null);
  }

  stop(): void {
    this.timer.clear();
  }
}
