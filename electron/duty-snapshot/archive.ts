import { performance } from 'node:perf_hooks';
import type { StoredEvent } from '../../shared/journal/event';
import type { Journal } from '../store/journal';
import type { ReplayEntry } from './replay-index';

/**
 * The engine's thread is held at most about this long per slice: the wall,
 * the bridge and the alarm clocks wait on the same thread, and the event
 * loop's lag target is 20 ms at p99.
 */
const SLICE_MS = 8;
/**
 * Each step of work is sized for this long, at most twice the step before:
 * sized for the whole slice from the last step's rate, a step after a fast
 * one ran into a collection or a busy core and held the thread 40–160 ms
 * (p99 of slices 85 ms on the five-year desk at load 12; 38 ms like this).
 */
const STEP_MS = 3;
/** First step sizes; each later step is sized from how fast the last one went. */
const FIRST_HEADS = 500;
const FIRST_EVENTS = 200;
/** Events of one subject read per page when it is brought back on demand. */
const SUBJECT_PAGE = 1_000;

export type ArchiveParts = {
  journal: Journal;
  /** The snapshot's seq: every archived subject's events are at or before it. */
  upTo: number;
  /** Subjects the start brought back already. */
  restored: ReadonlySet<string>;
  /** Replays the events of whole work orders and applications, their messages' among them, in seq order. */
  restore(events: StoredEvent[]): void;
  /** Tells the snapshot keeper the subject's events, for later snapshots. */
  adopt(subject: string, entry: ReplayEntry, events: readonly StoredEvent[]): void;
  /** True once the desk is stopping: the rest stays in the journal. */
  stopped(): boolean;
  /**
   * A work order that closed at `closedAt`, by its creation: true if it
   * may stay in the journal (noted in the list, not brought back whole:
   * workorders/closed.ts). Without it, every subject comes back whole.
   */
  leave?(created: StoredEvent, closedAt: number): boolean;
  /**
   * The archive begins once this settles: the engine passes "the wall has
   * been shown", so the archive's slices do not lengthen the cold start.
   * An action on a closed order before then brings it back on demand.
   */
  after?: Promise<unknown>;
};

/** What the archive's scan of event heads found of one subject. */
type Found = { seqs: number[]; archived: boolean; created: number | null; closedAt: number | null };

/** A work order's or application's events up to `upTo`, its messages' among them, read by subject. */
function subjectEvents(journal: Journal, subject: string, upTo: number): StoredEvent[] {
  const events: StoredEvent[] = [];
  for (let after = 0; after < upTo; ) {
    const page = journal.read({ subject, afterSeq: after, limit: SUBJECT_PAGE });
    for (const e of page) {
      if (e.seq > upTo) return events;
      if (scanned(e.type)) events.push(e);
    }
    const end = page.at(-1);
    if (!end || page.length < SUBJECT_PAGE) break;
    after = end.seq;
  }
  return events;
}

const ARCHIVED_KINDS = ['workorder.', 'application.'] as const;
/** The steps after which a work order takes no other (shared/workorder/state.ts). */
const CLOSING: ReadonlySet<string> = new Set(['workorder.accepted', 'workorder.cancelled']);
const archivable = (type: string) => ARCHIVED_KINDS.some((kind) => type.startsWith(kind));
/**
 * A work order's messages are journalled under its id (dispatch.ts,
 * follow-up.ts): they come back with it, for its timeline and its reminders.
 * Those of other subjects (alarms, stations) are no archived subject's.
 */
const SCANNED_KINDS = [...ARCHIVED_KINDS, 'notify.'] as const;
const scanned = (type: string) => SCANNED_KINDS.some((kind) => type.startsWith(kind));
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
/** A pause as long as the slice before it: the archive takes at most half the thread, the live desk the rest. */
const rest = () => new Promise<void>((resolve) => setTimeout(resolve, SLICE_MS));

/**
 * How much work fits in a step: its size follows from the rate of the one
 * before it, between `min` and `max` and at most doubling, so a slow disk
 * or a busy machine shortens the steps instead of stretching the slice.
 */
class Pace {
  constructor(
    private size: number,
    private readonly min: number,
    private readonly max: number,
  ) {}

  next(): number {
    return this.size;
  }

  took(done: number, ms: number): void {
    const perMs = done / Math.max(ms, 0.05);
    this.size = Math.min(this.max, 2 * this.size, Math.max(this.min, Math.floor(perMs * STEP_MS)));
  }
}

/**
 * The closed work orders and applications a snapshot start left in the
 * journal, brought back after the queue so the lists end up as a whole
 * replay has them. `run` works in slices of about SLICE_MS on the engine's
 * thread, yielding between them: first a scan of event heads (seq, type,
 * subject) for which events are whose, then each subject's events read and
 * replayed whole. Closed, they journal nothing and set no clock. An action
 * on one of them before `run` reaches it calls `bringBack` first, which
 * reads that subject alone; `run` then leaves it out.
 */
export class DutyArchive {
  /** Subjects whose events up to `upTo` are in the services: the start's, and those brought back since. */
  private readonly back: Set<string>;
  private finished = false;

  constructor(private readonly parts: ArchiveParts) {
    this.back = new Set(parts.restored);
  }

  /** Brings the archive back; resolves with how many subjects came back in it. */
  async run(): Promise<number> {
    try {
      return await this.bringBackAll();
    } finally {
      this.finished = true;
      this.back.clear();
    }
  }

  /**
   * A work order or application acted on before `run` reached it: its
   * events up to `upTo`, read by subject and replayed now, so the action
   * finds it as a whole replay would. Anything else is left to the services
   * to refuse as unknown.
   */
  bringBack(subject: string): void {
    if (this.finished || this.back.has(subject)) return;
    this.back.add(subject);
    const events = subjectEvents(this.parts.journal, subject, this.parts.upTo);
    const seqs = events.flatMap((e) => (archivable(e.type) ? [e.seq] : []));
    if (seqs.length === 0) return;
    this.parts.adopt(subject, { seqs, starts: [] }, events);
    this.parts.restore(events);
  }

  private async bringBackAll(): Promise<number> {
    const { journal, upTo } = this.parts;
    // The queue first: the desk answers before the archive takes its first slice.
    await this.parts.after;
    await nextTurn();
    /** Per subject, its events' seqs, whether one is a work order's or an application's, and when a work order was created and closed. */
    const seqsOf = new Map<string, Found>();
    const heads = new Pace(FIRST_HEADS, 100, 50_000);
    let sliceEnd = performance.now() + SLICE_MS;
    const step = async (): Promise<boolean> => {
      if (performance.now() < sliceEnd) return !this.parts.stopped();
      await rest();
      sliceEnd = performance.now() + SLICE_MS;
      return !this.parts.stopped();
    };
    for (let after = 0; after < upTo; ) {
      const began = performance.now();
      const page = journal.heads(after, heads.next(), { kinds: SCANNED_KINDS, upTo });
      const end = page.at(-1);
      if (!end) break;
      for (const h of page) {
        if (this.back.has(h.subject)) continue;
        const found = seqsOf.get(h.subject) ?? { seqs: [], archived: false, created: null, closedAt: null };
        found.seqs.push(h.seq);
        found.archived ||= archivable(h.type);
        if (h.type === 'workorder.created') found.created = h.seq;
        if (CLOSING.has(h.type)) found.closedAt = h.ts;
        seqsOf.set(h.subject, found);
      }
      heads.took(page.length, performance.now() - began);
      after = end.seq;
      if (!(await step())) return 0;
    }
    // Subjects in the order they began, a step of whole subjects at a time.
    const events = new Pace(FIRST_EVENTS, 20, 20_000);
    let count = 0;
    const subjects = [...seqsOf].filter(([, found]) => found.archived);
    seqsOf.clear();
    for (let i = 0; i < subjects.length; ) {
      const began = performance.now();
      const slice: number[] = [];
      const taken: string[] = [];
      const closed: [string, Found][] = [];
      for (; i < subjects.length && slice.length + closed.length < events.next(); i++) {
        const [subject, found] = subjects[i] as [string, Found];
        // Brought back on demand while the heads were scanned, or since.
        if (this.back.has(subject)) continue;
        this.back.add(subject);
        count++;
        if (this.parts.leave && found.created !== null && found.closedAt !== null)
          closed.push([subject, found]);
        else {
          slice.push(...found.seqs);
          taken.push(subject);
        }
      }
      // A closed order is read by its creation alone first: most stay in the journal.
      const creations = new Map(
        closed.length === 0
          ? []
          : journal
              .readPlainSeqs(closed.map(([, f]) => f.created as number).sort((a, b) => a - b))
              .map((e) => [e.seq, e]),
      );
      for (const [subject, found] of closed) {
        const created = creations.get(found.created as number);
        if (created?.subject === subject && this.parts.leave?.(created, found.closedAt as number)) continue;
        slice.push(...found.seqs);
        taken.push(subject);
      }
      if (slice.length > 0) {
        slice.sort((a, b) => a - b);
        const read = journal.readPlainSeqs(slice);
        const bySubject = new Map<string, StoredEvent[]>();
        for (const e of read) {
          const own = bySubject.get(e.subject);
          if (own) own.push(e);
          else bySubject.set(e.subject, [e]);
        }
        for (const subject of taken) {
          const own = bySubject.get(subject) ?? [];
          const seqs = own.flatMap((e) => (archivable(e.type) ? [e.seq] : []));
          this.parts.adopt(subject, { seqs, starts: [] }, own);
        }
        this.parts.restore(read);
      }
      if (slice.length + closed.length > 0)
        events.took(slice.length + closed.length, performance.now() - began);
      if (!(await step())) return count;
    }
    return count;
  }
}
