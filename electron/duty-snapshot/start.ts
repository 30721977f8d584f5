import { Repeating } from '../../node/repeating';
import { type DutyViews, isDutyType, openSubjects } from '../../shared/duty/snapshot-subjects';
import type { JournalEvent, StoredEvent } from '../../shared/journal/event';
import type { DeskClock } from '../alarms/clock';
import type { RecordedEvent } from '../alarms/recorded';
import type { Logger } from '../log/logger';
import type { Journal } from '../store/journal';
import { recordedOf } from '../workorders/projection';
import { type DutySnapshot, readSnapshot, writeSnapshot } from './file';
import { firstSeqFrom } from './recent';
import { continues, type ReplayEntry, ReplayIndex } from './replay-index';
import { isSentType, SentIndex } from './sent-index';

const PAGE = 5_000;
/** Seqs read in one statement at start. */
const SEQS_PER_READ = 20_000;
const DAY_MS = 86_400_000;
/** Subjects touched this long before a snapshot are kept in it: longer than any chatter or flood window. */
export const RECENT_MS = DAY_MS;
const KEEP_EVERY_MS = 10 * 60_000;
/**
 * From this many journal events start reads the snapshot (about a month
 * of a 1,000-charger fleet's records): below it a whole replay is about as
 * fast. A snapshot is kept on every journal.
 */
export const SNAPSHOT_FROM_EVENTS = 250_000;

export type DutyStart = {
  /** The duty events to replay, oldest first. */
  events: RecordedEvent[];
  /** Where they came from: the snapshot and the tail after it, or the whole journal. */
  from: 'snapshot' | 'journal';
  /** Events read from the journal to find them. */
  read: number;
  /** Closed work orders and applications up to this seq that the start left in the journal (0: none). */
  archiveUpTo: number;
  /** The subjects the start brought back (the rest up to `archiveUpTo` is the archive). */
  restored: ReadonlySet<string>;
  /** The notify and escalation events that say what went out for them, oldest first (sent-index.ts). */
  sent: StoredEvent[];
};

/** Every event after `afterSeq` (of one subject, if given) up to `last`, page by page. */
function* events(
  journal: Journal,
  afterSeq: number,
  last: number,
  subject?: string,
): Generator<JournalEvent> {
  for (let after = afterSeq; after < last; ) {
    const page = journal.read({
      afterSeq: after,
      limit: PAGE,
      ...(subject === undefined ? {} : { subject }),
    });
    for (const e of page) {
      if (e.seq > last) return;
      yield e;
    }
    const end = page.at(-1);
    if (!end || page.length < PAGE) return;
    after = end.seq;
  }
}

/**
 * Start as snapshot + tail: the duty state comes back from the events the
 * snapshot names (each subject's current incident) and every duty event
 * after it, all read from the journal, so its cost follows what is open,
 * not the desk's age. A snapshot that does not match the chain is refused
 * with a warning and the whole journal is replayed, as a desk without one
 * does. Closed work orders and applications it leaves out come back after
 * the queue (archive.ts).
 */
export class DutySnapshots {
  private views: (() => DutyViews) | null = null;
  private readonly takes = new Repeating(() => this.takeSafely());
  private index = new ReplayIndex();
  private sentIndex = new SentIndex();
  /** The seq of the snapshot on file, as read at start or last written: taken again only once the journal moves on. */
  private onFile = 0;

  constructor(
    private readonly options: {
      journal: Journal;
      file: string;
      log: Logger;
      clock: DeskClock;
      /** The journal length from which start reads the snapshot (SNAPSHOT_FROM_EVENTS unless given; 0: on any journal). */
      fromEvents?: number;
    },
  ) {}

  history(): DutyStart {
    const { journal, log } = this.options;
    const last = journal.count();
    const fromEvents = this.options.fromEvents ?? SNAPSHOT_FROM_EVENTS;
    if (last < fromEvents) return this.replayAll(last);
    const { snapshot, problem } = readSnapshot(this.options.file);
    const refusal = problem ?? (snapshot ? this.mismatch(snapshot, last) : null);
    if (refusal) log.warn(`duty snapshot refused (${refusal}): replaying the whole journal`);
    if (!snapshot || refusal) return this.replayAll(last);
    const start = this.fromSnapshot(snapshot, last);
    if (typeof start === 'string') {
      log.warn(`duty snapshot refused (${start}): replaying the whole journal`);
      return this.replayAll(last);
    }
    return start;
  }

  /** The snapshot's events and the tail, or why the snapshot does not fit the journal. */
  private fromSnapshot(snapshot: DutySnapshot, last: number): DutyStart | string {
    const { journal, log } = this.options;
    let read = 0;
    const tail: JournalEvent[] = [];
    const sentTail: JournalEvent[] = [];
    for (const e of events(journal, snapshot.seq, last)) {
      read++;
      if (isDutyType(e.type)) tail.push(e);
      else if (isSentType(e.type)) sentTail.push(e);
    }
    const sent = new Map<number, StoredEvent>();
    const entries = new Map<string, ReplayEntry>(Object.entries(snapshot.subjects));
    // A closed order or application touched again after the snapshot brings its history back too.
    for (const e of tail) {
      if (entries.has(e.subject) || !continues(e)) {
        if (!entries.has(e.subject)) entries.set(e.subject, { seqs: [], starts: [] });
        continue;
      }
      const seqs: number[] = [];
      for (const earlier of events(journal, 0, snapshot.seq, e.subject)) {
        read++;
        // Its messages are journalled under its id too: the timeline and the reminders need them.
        if (isDutyType(earlier.type)) seqs.push(earlier.seq);
        else if (isSentType(earlier.type)) sent.set(earlier.seq, earlier);
      }
      entries.set(e.subject, { seqs, starts: [] });
    }
    const owner = new Map<number, string>();
    for (const [subject, { seqs }] of entries) {
      for (const seq of seqs) {
        const claimed = owner.get(seq);
        if (claimed !== undefined) return `it names the event at seq ${seq} for ${claimed} and ${subject}`;
        owner.set(seq, subject);
      }
    }
    const wanted = [...owner.keys()].sort((a, b) => a - b);
    if ((wanted.at(-1) ?? 0) > snapshot.seq) return `it names events after its seq ${snapshot.seq}`;
    const before: StoredEvent[] = [];
    for (let i = 0; i < wanted.length; i += SEQS_PER_READ) {
      const part = wanted.slice(i, i + SEQS_PER_READ);
      const found = journal.readPlainSeqs(part);
      read += found.length;
      if (found.length !== part.length)
        return `it names events the journal does not hold before seq ${snapshot.seq}`;
      for (const e of found) {
        // Every event comes from the journal and must be the subject's: the snapshot only says where to look.
        if (owner.get(e.seq) !== e.subject || !isDutyType(e.type))
          return `its event at seq ${e.seq} is not one of ${owner.get(e.seq)}`;
        before.push(e);
      }
    }
    const named = this.sentBefore(snapshot);
    if (typeof named === 'string') return named;
    read += named.length;
    for (const e of named) sent.set(e.seq, e);
    // The index learns the alarms' machines again from the same events the services replay.
    before.sort((a, b) => a.seq - b.seq);
    this.index = new ReplayIndex();
    for (const e of before) this.index.observe(e);
    this.index.reached(snapshot.seq);
    for (const e of tail) this.index.observe(e);
    this.index.reached(last);
    const sentEvents = [...[...sent.values()].sort((a, b) => a.seq - b.seq), ...sentTail];
    this.sentIndex = new SentIndex();
    for (const e of sentEvents) this.sentIndex.observe(e);
    this.onFile = snapshot.seq;
    log.info(
      `duty state from the snapshot at seq ${snapshot.seq} (${entries.size} subjects, ${before.length} events, ${named.length} sent) and ${tail.length + sentTail.length} duty and sent events after it`,
    );
    return {
      events: [...before, ...tail].map(recordedOf),
      from: 'snapshot',
      read,
      archiveUpTo: snapshot.seq,
      restored: new Set(entries.keys()),
      sent: sentEvents,
    };
  }

  /** The notify and escalation events the snapshot names, read from the journal, or why they do not fit it. */
  private sentBefore(snapshot: DutySnapshot): StoredEvent[] | string {
    const found: StoredEvent[] = [];
    const { sent } = snapshot;
    if (sent.some((seq, i) => seq > snapshot.seq || (i > 0 && seq <= (sent[i - 1] ?? 0))))
      return `its sent events are not in order before its seq ${snapshot.seq}`;
    for (let i = 0; i < sent.length; i += SEQS_PER_READ) {
      const part = sent.slice(i, i + SEQS_PER_READ);
      const read = this.options.journal.readPlainSeqs(part);
      if (read.length !== part.length) return `it names sent events the journal does not hold`;
      for (const e of read) {
        if (!isSentType(e.type)) return `its sent event at seq ${e.seq} is a ${e.type}`;
        found.push(e);
      }
    }
    return found;
  }

  /**
   * Closed work orders the desk let go of (workorders/closed.ts): a later
   * snapshot does not name them, and a start's archive brings one back
   * whole should it be touched again.
   */
  forget(subjects: readonly string[]): void {
    for (const subject of subjects) this.index.forget(subject);
    this.sentIndex.forget(new Set(subjects));
  }

  /** A subject the archive brought back, with its events: a later snapshot knows them. */
  adopt(subject: string, entry: ReplayEntry, events: readonly StoredEvent[]): void {
    this.index.adopt(subject, entry);
    this.sentIndex.adopt(events.filter((e) => isSentType(e.type)));
  }

  /**
   * Writes the snapshot of the duty state as it stands: `views` must be
   * the services' views at the journal's last event (nothing appended in
   * between, which holds on one thread). Null, writing nothing, on an empty
   * journal or one that has not moved since the snapshot on file: a start
   * from that snapshot with no tail has nothing newer to say.
   */
  take(views: DutyViews): DutySnapshot | null {
    const { journal, clock } = this.options;
    const head = journal.last();
    if (!head || head.seq === this.onFile) return null;
    for (const e of events(journal, this.index.upTo, head.seq)) {
      if (isDutyType(e.type)) this.index.observe(e);
      else if (isSentType(e.type)) this.sentIndex.observe(e);
    }
    this.index.reached(head.seq);
    const since = Math.min(clock.now(), head.ts) - RECENT_MS;
    this.index.prune(since);
    const recent = this.index.touchedSince(firstSeqFrom(journal, since, head.seq));
    // Every alarm point: their number follows the fleet, not the desk's age, and the queue lists them all.
    // Exemptions over before the recent window are finished: a clock step back of an hour does not reopen them.
    const subjects = openSubjects(views, [...recent, ...views.alarms.map((a) => a.id)], since);
    const snapshot: DutySnapshot = {
      version: 3,
      seq: head.seq,
      hash: head.hash,
      takenAt: clock.now(),
      subjects: this.index.pick(subjects),
      sent: this.sentIndex.pick(new Set(subjects)),
    };
    writeSnapshot(this.options.file, snapshot);
    this.onFile = snapshot.seq;
    return snapshot;
  }

  /**
   * Takes a snapshot now and every `everyMs` after, so a power cut costs
   * at most that much tail; a snapshot that cannot be written (a full or
   * read-only disk) is logged and costs only a longer start.
   */
  keep(views: () => DutyViews, everyMs = KEEP_EVERY_MS): void {
    this.stop();
    this.views = views;
    this.takeSafely();
    this.takes.start(everyMs);
  }

  /** Stops taking them, with a last one of the state as it stands. */
  stop(): void {
    this.takes.stop();
    if (this.views) this.takeSafely();
    this.views = null;
  }

  private takeSafely(): void {
    // The views cost tens of ms on a five-year desk (every alarm point listed): not for a snapshot already on file.
    if (!this.views || this.options.journal.count() === this.onFile) return;
    try {
      this.take(this.views());
    } catch (error) {
      this.options.log.warn(`duty snapshot not written: ${(error as Error).message}`);
    }
  }

  /** Why the snapshot does not belong to this chain, or null when it does. */
  private mismatch(snapshot: DutySnapshot, last: number): string | null {
    if (snapshot.seq > last) return `it is at seq ${snapshot.seq}, the journal ends at ${last}`;
    const point = this.options.journal.pointAt(snapshot.seq);
    if (!point || point.hash !== snapshot.hash) return `its hash at seq ${snapshot.seq} is not the chain's`;
    return null;
  }

  private replayAll(last: number): DutyStart {
    this.index = new ReplayIndex();
    this.sentIndex = new SentIndex();
    const duty: RecordedEvent[] = [];
    const sent: JournalEvent[] = [];
    for (const e of events(this.options.journal, 0, last)) {
      if (isSentType(e.type)) {
        this.sentIndex.observe(e);
        sent.push(e);
      }
      if (!isDutyType(e.type)) continue;
      this.index.observe(e);
      duty.push(recordedOf(e));
    }
    this.index.reached(last);
    return { events: duty, from: 'journal', read: last, archiveUpTo: 0, restored: new Set(), sent };
  }
}
