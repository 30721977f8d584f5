import { type AlarmRecordState, initialAlarm, transition } from '../../shared/alarm/state';
import type { RecordedEvent } from '../alarms/recorded';
import { machineEventOf } from '../alarms/replay';

/**
 * Which journal events bring each duty subject back: for an alarm point,
 * its events from the start of its current incident (an activation of a
 * normal alarm: nothing before it shows in a later view) or from the last
 * such start before the recent window, so chatter and flood windows come
 * back as they were; for a work order or an application, all of its
 * events. A start reads exactly these seqs, in one pass, instead of each
 * subject's whole history.
 */
export type ReplayEntry = {
  /** Seqs to replay, ascending. */
  seqs: number[];
  /** Incident starts among them (alarms only): seq and desk time. */
  starts: [number, number][];
};

export type IndexedEvent = RecordedEvent & { seq: number };

/** A work order or application whose first event here is not its creation has a history before it. */
export const continues = (e: Pick<RecordedEvent, 'type'>) =>
  (e.type.startsWith('workorder.') && e.type !== 'workorder.created') ||
  (e.type.startsWith('application.') && e.type !== 'application.filed');

/** A shelf journalled before a restart was allowed then, as the replay takes it (alarms/steps.ts). */
const AS_RECORDED = { maxShelveMs: Number.POSITIVE_INFINITY };

export class ReplayIndex {
  private readonly entries = new Map<string, ReplayEntry>();
  /**
   * Each alarm's state machine as the replay leaves it, stepped the same
   * way (refusals included): where an incident starts is where the replay
   * finds the alarm normal, whatever the event says it was.
   */
  private readonly machines = new Map<string, AlarmRecordState>();
  /** The last seq observed: the index stands for the journal up to here. */
  upTo = 0;

  /** A duty event, in seq order. */
  observe(e: IndexedEvent): void {
    if (e.seq <= this.upTo) return;
    this.upTo = e.seq;
    if (e.type === 'alarm.closed') {
      // A closed point is dropped from the queue; raised again it is a new point.
      this.entries.delete(e.subject);
      this.machines.delete(e.subject);
      return;
    }
    let entry = this.entries.get(e.subject);
    if (!entry) {
      // Its history before this is not here (let go of, or not back yet): left out of the snapshot,
      // a start brings the subject back whole from the journal (the archive, or the tail's lookup).
      if (continues(e)) return;
      entry = { seqs: [], starts: [] };
      this.entries.set(e.subject, entry);
    }
    const event = e.type.startsWith('alarm.') ? machineEventOf(e) : null;
    if (event) {
      const machine = this.machines.get(e.subject) ?? initialAlarm(e.ts);
      if (event.type === 'activate' && machine.state === 'normal') entry.starts.push([e.seq, e.ts]);
      const result = transition(machine, event, e.ts, AS_RECORDED);
      this.machines.set(e.subject, 'refused' in result ? machine : result.next);
    }
    entry.seqs.push(e.seq);
  }

  /** The index has seen the journal up to `seq` (events that are not duty events included). */
  reached(seq: number): void {
    if (seq > this.upTo) this.upTo = seq;
  }

  /**
   * Drops what no start needs any more: an alarm's events before its last
   * incident start earlier than `since` (the recent window's start).
   */
  prune(since: number): void {
    for (const entry of this.entries.values()) {
      let keep = -1;
      for (let i = entry.starts.length - 1; i >= 0; i--) {
        if ((entry.starts[i]?.[1] ?? 0) < since) {
          keep = i;
          break;
        }
      }
      if (keep < 0) continue;
      const from = entry.starts[keep]?.[0] ?? 0;
      entry.starts = entry.starts.slice(keep);
      entry.seqs = entry.seqs.filter((seq) => seq >= from);
    }
  }

  get(subject: string): ReplayEntry | undefined {
    return this.entries.get(subject);
  }

  has(subject: string): boolean {
    return this.entries.has(subject);
  }

  /** Subjects with an event at or after `seq`. */
  touchedSince(seq: number): string[] {
    return [...this.entries].flatMap(([subject, { seqs }]) => ((seqs.at(-1) ?? 0) >= seq ? [subject] : []));
  }

  /** The entries of `subjects` that the index has, for the snapshot file. */
  pick(subjects: Iterable<string>): Record<string, ReplayEntry> {
    const picked: Record<string, ReplayEntry> = {};
    for (const subject of subjects) {
      const entry = this.entries.get(subject);
      if (entry) picked[subject] = entry;
    }
    return picked;
  }

  /** A closed work order let go of: no later snapshot names it. */
  forget(subject: string): void {
    this.entries.delete(subject);
  }

  /** Adds what the archive brings back, so a later snapshot knows these subjects again. */
  adopt(subject: string, entry: ReplayEntry): void {
    if (!this.entries.has(subject)) this.entries.set(subject, entry);
  }
}
