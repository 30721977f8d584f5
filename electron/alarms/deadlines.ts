import type { SlaBreach } from '../../shared/api/contract';
import { type ClockView, nextClockChange } from '../../shared/triage/sla';
import { Alarmclock, type DeskClock } from './clock';

type Subject = Pick<SlaBreach, 'subject' | 'id' | 'stationId' | 'tier'>;

/** A deadline that has just passed, with the seed sentence it comes from for the journal. */
export type PassedDeadline = SlaBreach & { basis: string };

/**
 * Watches the SLA deadlines of many alarms (or work orders): escalates each
 * deadline once when it passes — once per incident, also across restarts —
 * and keeps one timer on the earliest next change, so a deadline or a
 * reminder passing with nothing else happening still reaches the desk.
 */
export class DeadlineWatch {
  /**
   * Per subject, the deadlines escalated in its current incident only: an
   * earlier incident's deadlines cannot pass again, and keeping every
   * incident since the desk began grew the heap with each alarm.
   */
  private readonly escalated = new Map<string, { incident: string; clocks: Set<string> }>();
  private readonly next = new Map<string, number>();
  /**
   * The earliest of `next`, kept as subjects come and go instead of found
   * again on every arm(): during a storm every turn adds alarms whose
   * deadlines lie after it, and a walk over all of them per turn is O(n²).
   */
  private earliest: number | null = null;
  /** The earliest moved later or left; the next arm() looks for it again. */
  private stale = false;
  private readonly timer: Alarmclock;

  constructor(
    clock: DeskClock,
    /** The subjects whose clocks changed by time alone. */
    private readonly onDue: (ids: string[]) => void,
  ) {
    this.timer = new Alarmclock(clock, () => {
      const nowMs = clock.now();
      this.onDue([...this.next].filter(([, at]) => at <= nowMs).map(([id]) => id));
    });
  }

  /** A deadline escalated before a restart, as the journal says. */
  remember(id: string, incident: number | string, clockId: string): void {
    this.escalatedIn(id, incident).add(clockId);
  }

  /** The clocks escalated in `incident` of subject `id`; a new incident starts with none. */
  private escalatedIn(id: string, incident: number | string): Set<string> {
    const key = String(incident);
    const held = this.escalated.get(id);
    if (held?.incident === key) return held.clocks;
    const clocks = new Set<string>();
    this.escalated.set(id, { incident: key, clocks });
    return clocks;
  }

  /**
   * The clocks of one subject as of now. Returns the deadlines that passed
   * since the last look; `counting` false (hidden, closed) escalates nothing
   * and wants no timer.
   */
  observe(
    subject: Subject,
    incident: number | string,
    views: readonly ClockView[],
    counting: boolean,
  ): PassedDeadline[] {
    const at = counting ? nextClockChange(views) : null;
    const before = this.next.get(subject.id);
    if (at === null) this.next.delete(subject.id);
    else this.next.set(subject.id, at);
    this.moved(before, at);
    if (!counting) return [];
    return views.flatMap((v) => {
      if (v.kind !== 'deadline' || v.state !== 'breached' || v.deadline === null) return [];
      const escalated = this.escalatedIn(subject.id, incident);
      if (escalated.has(v.id)) return [];
      escalated.add(v.id);
      return [{ ...subject, clockId: v.id, deadline: v.deadline, onBreach: v.onBreach, basis: v.basis }];
    });
  }

  /** The subject is gone (a closed alarm point: raised again it is a new point). */
  forget(id: string): void {
    this.moved(this.next.get(id), null);
    this.next.delete(id);
    this.escalated.delete(id);
  }

  /** Re-arms the timer on the earliest change of any subject. */
  arm(): void {
    if (this.stale) {
      this.earliest = null;
      for (const at of this.next.values())
        if (this.earliest === null || at < this.earliest) this.earliest = at;
      this.stale = false;
    }
    this.timer.set(this.earliest);
  }

  /** One subject's next change went from `before` to `after` (undefined / null: none). */
  private moved(before: number | undefined, after: number | null): void {
    if (this.stale || before === after) return;
    if (after !== null && (this.earliest === null || after < this.earliest)) this.earliest = after;
    else if (before !== undefined && before === this.earliest) this.stale = true;
  }

  stop(): void {
    this.timer.clear();
  }
}
