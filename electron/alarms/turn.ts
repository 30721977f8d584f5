import type { AlarmRecordState } from '../../shared/alarm/state';
import {
  ALARMS_PER_FRAME,
  type AlarmsDelta,
  type AlarmView,
  type FloodView,
  type SlaBreach,
} from '../../shared/api/contract';
import type { ClockView } from '../../shared/triage/sla';
import type { DeskClock } from './clock';
import type { DeadlineWatch } from './deadlines';
import type { FloodWatch } from './flood';
import type { AlarmPoint, AlarmPoints } from './points';
import { type JournalEntry, SYSTEM_ACTOR } from './recorded';
import type { AlarmViews } from './views';

/**
 * What the alarm service needs of the journal: the entries of one turn
 * written in one transaction (one fsync), all or none, durable on return.
 */
export type AlarmJournal = {
  appendMany(entries: readonly JournalEntry[]): unknown;
};

export type TurnParts = {
  journal: AlarmJournal;
  onDelta: (delta: AlarmsDelta) => void;
  clock: DeskClock;
  points: AlarmPoints;
  views: AlarmViews;
  flood: FloodWatch;
  deadlines: DeadlineWatch;
};

/** Clocks of hidden-by-design or out-of-service alarms do not escalate: their parent or the outage carries it. */
const ESCALATES = (state: AlarmRecordState['state']) =>
  state !== 'suppressed-by-design' && state !== 'out-of-service';

/**
 * One turn of the engine at a time: gathers the journal entries and the
 * changed, removed and escalated alarms of the turn, commits the entries
 * together, and only then announces what changed in deltas.
 */
export class AlarmTurn {
  private changed = new Set<string>();
  private removed = new Set<string>();
  private breaches: SlaBreach[] = [];
  /** Journal entries of the turn under way, committed together before anything of it is shown. */
  private pending: JournalEntry[] = [];
  /** How deep in batch() we are: the turn ends, and commits, when the outermost one returns. */
  private turns = 0;

  constructor(private readonly parts: TurnParts) {}

  /**
   * Runs `work` as one turn: every state change it causes is journalled in
   * one transaction, and announced in one delta once that has committed.
   */
  batch<T>(work: () => T): T {
    this.turns += 1;
    try {
      return work();
    } finally {
      this.turns -= 1;
      if (this.turns === 0) this.flush();
    }
  }

  /** Journals `entry` with the turn. */
  record(entry: JournalEntry): void {
    this.pending.push(entry);
  }

  /** Commits the turn so far and then `entry` alone, before the caller changes anything. */
  durably(entry: JournalEntry): void {
    this.commit();
    this.parts.journal.appendMany([entry]);
  }

  /** Writes what the turn journalled so far. */
  commit(): void {
    if (this.pending.length === 0) return;
    this.parts.journal.appendMany(this.pending);
    this.pending = [];
  }

  /** The alarm changed: its view goes out with the turn. */
  touch(id: string): void {
    this.changed.add(id);
  }

  /** The alarm left the queue: the turn says so, instead of showing it. */
  remove(id: string): void {
    this.changed.delete(id);
    this.removed.add(id);
  }

  /** The alarm is back within the turn that removed it: the page must end up with the new record. */
  revive(id: string): void {
    this.removed.delete(id);
  }

  /** The alarm is gone without a word (a replayed close). */
  forget(id: string): void {
    this.changed.delete(id);
  }

  /**
   * Ends a turn: the views of what changed (escalating deadlines that
   * passed), then one commit of everything the turn journalled, and only
   * after it the deltas. If the journal refuses, nothing is shown and the
   * entries and changes wait for the next turn, still in order.
   */
  flush(): void {
    if (this.turns > 0) return;
    const { clock, points, views, flood: floodWatch, deadlines } = this.parts;
    const nowMs = clock.now();
    const alarms: AlarmView[] = [];
    for (const id of this.changed) {
      const point = points.find(id);
      if (!point) continue;
      const { view, clocks } = views.read(point, nowMs);
      this.escalate(point, clocks, nowMs);
      alarms.push(view);
    }
    const flood = floodWatch.view(nowMs);
    try {
      this.commit();
      if (alarms.length > 0 || floodWatch.changes(flood) || this.removed.size > 0) {
        const removed = [...this.removed];
        const breaches = this.breaches;
        this.changed = new Set();
        this.breaches = [];
        this.removed = new Set();
        floodWatch.announce(flood);
        this.announce(alarms, flood, breaches, removed);
      }
    } finally {
      floodWatch.watch(nowMs);
      deadlines.arm();
    }
  }

  /** Journals and queues each deadline of the alarm that has passed and was not escalated before. */
  private escalate(point: AlarmPoint, clocks: readonly ClockView[], nowMs: number): void {
    const subject = {
      subject: 'alarm' as const,
      id: point.id,
      stationId: point.stationId,
      tier: point.assignment.tier,
    };
    const passed = this.parts.deadlines.observe(
      subject,
      point.raisedAt,
      clocks,
      ESCALATES(point.machine.state),
    );
    for (const { basis, ...breach } of passed) {
      this.pending.push({
        type: 'alarm.sla-breached',
        subject: point.id,
        data: { ...breach, raisedAt: point.raisedAt },
        reason: basis,
        actor: SYSTEM_ACTOR,
        ts: nowMs,
      });
      this.breaches.push(breach);
    }
  }

  /** One delta, or several of at most ALARMS_PER_FRAME records; removals and breaches ride on the first. */
  private announce(alarms: AlarmView[], flood: FloodView, breaches: SlaBreach[], removed: string[]): void {
    let from = 0;
    do {
      const part = alarms.slice(from, from + ALARMS_PER_FRAME);
      this.parts.onDelta(
        from === 0
          ? { alarms: part, flood, breaches, removed }
          : { alarms: part, flood, breaches: [], removed: [] },
      );
      from += ALARMS_PER_FRAME;
    } while (from < alarms.length);
  }
}
