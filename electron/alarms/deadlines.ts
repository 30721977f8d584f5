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
  private readonly escalated = new Set<string>();
  private readonly next = new Map<string, number>();
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
    this.escalated.add(`${id}|${incident}|${clockId}`);
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
    if (at === null) this.next.delete(subject.id);
    else this.next.set(subject.id, at);
    if (!counting) return [];
    return views.flatMap((v) => {
      if (v.kind !== 'deadline' || v.state !== 'breached' || v.deadline === null) return [];
      const key = `${subject.id}|${incident}|${v.id}`;
      if (this.escalated.has(key)) return [];
      this.escalated.add(key);
      return [{ ...subject, clockId: v.id, deadline: v.deadline, onBreach: v.onBreach, basis: v.basis }];
    });
  }

  forget(id: string): void {
    this.next.delete(id);
  }

  /** Re-arms the timer on the earliest change of any subject. */
  arm(): void {
    let earliest: number | null = null;
    for (const at of this.next.values()) if (earliest === null || at < earliest) earliest = at;
    this.timer.set(earliest);
  }

  stop(): void {
    this.timer.clear();
  }
}
