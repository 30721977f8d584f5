import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { JournalEvent } from '../../shared/journal/event';
import {
  alarmLive,
  alarmPointName,
  alarmRestarts,
  applicationLive,
  type Family,
  familyOf,
  restartsRecord,
  trimAlarmPoint,
} from '../../shared/report/carry';
import {
  type AlarmPoint,
  type AlarmPointName,
  type ApplicationFacts,
  foldAlarmEvent,
  foldApplicationEvent,
} from '../../shared/report/facts';
import type { Logger } from '../log/logger';
import { openDerived, writeMeta } from '../store/derived';
import type { Journal } from '../store/journal';

/** Every alarm, work-order and application event type the services journal: what the reports fold. */
export const DUTY_EVENT_TYPES = [
  'alarm.raised',
  'alarm.cleared',
  'alarm.acked',
  'alarm.shelved',
  'alarm.unshelved',
  'alarm.shelf-expired',
  'alarm.suppressed',
  'alarm.unsuppressed',
  'alarm.removed-from-service',
  'alarm.returned-to-service',
  'alarm.retiered',
  'alarm.closed',
  'workorder.created',
  'workorder.dispatched',
  'workorder.arrived',
  'workorder.resolved',
  'workorder.accepted',
  'workorder.reopened',
  'workorder.outage-applied',
  'workorder.cancelled',
  'workorder.reported',
  'application.filed',
  'application.approved',
  'application.rejected',
  'application.withdrawn',
  'application.ended',
] as const;

const PAGE = 5_000;
/** Events between two carry-in points: a report reads at most this many before its period. */
const BOUNDARY = 5_000;
/** How long one slice of catching up may hold the engine before it yields (the engine's lag target is 20 ms). */
const SLICE_MS = 8;
/** Events folded between two looks at the clock. */
const FOLD_STEP = 200;
/** The fold's state is written this often while catching up, and at the end. */
const SAVE_EVERY_MS = 5_000;
/** Bumped whenever what the file holds changes meaning: an older file is rebuilt. */
const VERSION = 1;

export const periodIndexFile = (journalFile: string) => `${journalFile}.periods.sqlite`;

/** The subjects live at a carry-in point: their records show in any later period without another event. */
export type Carry = { seq: number; alarms: string[]; applications: string[] };

const Live = z.object({ alarms: z.array(z.string()), applications: z.array(z.string()) });
const FoldState = z.object({
  points: z.array(z.tuple([z.string(), z.any()])),
  applications: z.array(z.tuple([z.string(), z.any()])),
});

/**
 * What a report asks of the period index: brought up to the journal, then
 * looked up. Kept in this thread (PeriodIndex) or built in a worker
 * (period-index-client.ts), which the engine does, so that a build's
 * commits and garbage never pause it.
 */
export type PeriodLookup = {
  catchUp(): Promise<void>;
  /** The last carry-in point at or before `seq` (0 with nothing live: the journal's start). */
  carryAt(seq: number): Carry;
  /** The last seq at or before `seq` the subject's records restart at, or null. */
  restartAtOrBefore(family: Family, subject: string, seq: number): number | null;
  /** Each known subject's first seq, and an alarm point's first name. */
  first(family: Family, subject: string): { seq: number; name: AlarmPointName | null } | null;
  close(): void;
};

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS subjects (
    family TEXT NOT NULL, subject TEXT NOT NULL, first_seq INTEGER NOT NULL, name TEXT,
    PRIMARY KEY (family, subject)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS restarts (
    family TEXT NOT NULL, subject TEXT NOT NULL, seq INTEGER NOT NULL,
    PRIMARY KEY (family, subject, seq)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS carry (seq INTEGER PRIMARY KEY, live TEXT NOT NULL);
`;

/**
 * Derived data beside the journal that lets a report read its period and
 * not the desk's whole past (issue 16), by the rules of
 * shared/report/carry.ts: each subject's first seq (the order a full fold
 * meets them in) and first name, the seqs each subject's records restart
 * at, and every BOUNDARY events the subjects live there. It is built by
 * folding the journal's duty events in slices that yield to the engine,
 * and kept up as the journal grows. It names the journal's desk and the
 * hash of the last event it covers: a file that does not match its
 * journal, is of another version or will not open is deleted and rebuilt.
 * The journal alone is the record; reports without this file fold the
 * whole journal and count the same.
 */
export class PeriodIndex implements PeriodLookup {
  private points = new Map<string, AlarmPoint>();
  private applications = new Map<string, ApplicationFacts>();
  private indexed = 0;
  private running: Promise<void> | null = null;
  private closed = false;

  private readonly reads: PeriodReads;

  private constructor(
    private readonly journal: Journal,
    private readonly db: Database.Database,
    private readonly boundary: number,
  ) {
    this.reads = new PeriodReads(db);
  }

  /** Opens the file, or makes it anew when it does not belong to this journal; null when it cannot be written at all. */
  static open(
    journal: Journal,
    file: string,
    options: { log?: Logger; boundary?: number } = {},
  ): PeriodIndex | null {
    return openDerived({
      file,
      what: 'report period index',
      version: VERSION,
      schema: SCHEMA,
      source: journal,
      log: options.log,
      make: (db, seq, meta) => {
        const index = new PeriodIndex(journal, db, options.boundary ?? BOUNDARY);
        return index.load(seq, meta.get('state')) ?? index;
      },
    });
  }

  /** The journal seq the index covers up to. */
  indexedTo(): number {
    return this.indexed;
  }

  /**
   * Folds the journal's events since the last carry-in point up to the
   * last whole BOUNDARY, a slice at a time, yielding between slices. Calls
   * while one runs share it.
   */
  catchUp(): Promise<void> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  carryAt(seq: number): Carry {
    return this.reads.carryAt(seq, this.indexed);
  }

  restartAtOrBefore(family: Family, subject: string, seq: number): number | null {
    return this.reads.restartAtOrBefore(family, subject, seq);
  }

  first(family: Family, subject: string): { seq: number; name: AlarmPointName | null } | null {
    return this.reads.first(family, subject);
  }

  /** A catch-up under way stops at its next slice. */
  close(): void {
    this.closed = true;
    this.db.close();
  }

  /** Takes up the saved fold (none in a new file); a reason when the file cannot be continued. */
  private load(seq: number, state: string | undefined): string | null {
    if (state === undefined && seq === 0) return null;
    const fold = FoldState.safeParse(JSON.parse(state ?? 'null'));
    if (!fold.success) return 'holds no readable fold';
    this.points = new Map(fold.data.points as [string, AlarmPoint][]);
    this.applications = new Map(fold.data.applications as [string, ApplicationFacts][]);
    this.indexed = seq;
    return null;
  }

  private async run(): Promise<void> {
    let saved = Date.now();
    let started = performance.now();
    // Yields once the slice has run its time; every step between two calls is short.
    const pause = async () => {
      if (performance.now() - started < SLICE_MS) return;
      await new Promise((resolve) => setImmediate(resolve));
      started = performance.now();
    };
    while (!this.closed) {
      const target = Math.floor(this.journal.count() / this.boundary) * this.boundary;
      if (target <= this.indexed) break;
      const to = this.indexed + this.boundary;
      const events: JournalEvent[] = [];
      for (const type of DUTY_EVENT_TYPES) {
        events.push(...readRange(this.journal, { type }, this.indexed, to + 1));
        await pause();
        if (this.closed) return;
      }
      events.sort((a, b) => a.seq - b.seq);
      const rows: Rows = { subjects: [], restarts: [], carry: [] };
      for (let at = 0; at < events.length; at += FOLD_STEP) {
        this.fold(events.slice(at, at + FOLD_STEP), rows);
        await pause();
        if (this.closed) return;
      }
      this.carry(to, rows);
      const last = this.journal.pointAt(this.indexed);
      if (!last) throw new Error(`report period index: the journal ends before seq ${this.indexed}`);
      const saving = this.indexed >= target || Date.now() - saved >= SAVE_EVERY_MS;
      this.write(rows, saving ? last.hash : null);
      if (saving) saved = Date.now();
      await pause();
    }
  }

  /** Duty events of the stretch after the last carry-in point, in seq order, folded. */
  private fold(events: readonly JournalEvent[], rows: Rows): void {
    for (const e of events) {
      const family = familyOf(e.type);
      if (family === 'alarm') {
        const point = this.points.get(e.subject);
        if (alarmRestarts(point, e)) rows.restarts.push([family, e.subject, e.seq]);
        foldAlarmEvent(this.points, e);
        const folded = this.points.get(e.subject) as AlarmPoint;
        if (!point) rows.subjects.push([family, e.subject, e.seq, JSON.stringify(alarmPointName(folded))]);
        this.points.set(e.subject, trimAlarmPoint(folded));
      } else if (family !== null && restartsRecord(e)) {
        rows.restarts.push([family, e.subject, e.seq]);
        rows.subjects.push([family, e.subject, e.seq, null]);
      }
      if (family === 'application') foldApplicationEvent(this.applications, e);
    }
  }

  /** The carry-in point at `to`, once every duty event up to it is folded. */
  private carry(to: number, rows: Rows): void {
    const at = this.journal.read({ afterSeq: to - 1, limit: 1 })[0]?.ts ?? 0;
    for (const [id, application] of this.applications) {
      if (!applicationLive(application, at)) this.applications.delete(id);
    }
    const live = {
      alarms: [...this.points.values()].filter(alarmLive).map((p) => p.alarmId),
      applications: [...this.applications.keys()],
    };
    rows.carry.push([to, JSON.stringify(live)]);
    this.indexed = to;
  }

  private write(rows: Rows, hash: string | null): void {
    const subject = this.db.prepare('INSERT OR IGNORE INTO subjects VALUES (?, ?, ?, ?)');
    const restart = this.db.prepare('INSERT OR IGNORE INTO restarts VALUES (?, ?, ?)');
    const carry = this.db.prepare('INSERT OR REPLACE INTO carry VALUES (?, ?)');
    this.db.transaction(() => {
      for (const r of rows.subjects) subject.run(...r);
      for (const r of rows.restarts) restart.run(...r);
      for (const c of rows.carry) carry.run(...c);
      if (hash !== null) {
        const state = JSON.stringify({ points: [...this.points], applications: [...this.applications] });
        writeMeta(this.db, VERSION, this.journal, { seq: this.indexed, hash }, { state });
      }
    })();
  }
}

/** The lookups over an index file, by whichever connection reads it. */
export class PeriodReads {
  private readonly carry: Database.Statement<[number], { seq: number; live: string }>;
  private readonly restart: Database.Statement<[string, string, number], number | null>;
  private readonly firsts: Database.Statement<[string, string], { first_seq: number; name: string | null }>;

  constructor(db: Database.Database) {
    this.carry = db.prepare('SELECT seq, live FROM carry WHERE seq <= ? ORDER BY seq DESC LIMIT 1');
    this.restart = db
      .prepare<[string, string, number], number | null>(
        'SELECT max(seq) FROM restarts WHERE family = ? AND subject = ? AND seq <= ?',
      )
      .pluck();
    this.firsts = db.prepare('SELECT first_seq, name FROM subjects WHERE family = ? AND subject = ?');
  }

  /** The last carry-in point at or before `seq`, of those up to `indexed` (what the index was caught up to). */
  carryAt(seq: number, indexed: number): Carry {
    const row = this.carry.get(Math.min(seq, indexed));
    if (!row) return { seq: 0, alarms: [], applications: [] };
    return { seq: row.seq, ...Live.parse(JSON.parse(row.live)) };
  }

  restartAtOrBefore(family: Family, subject: string, seq: number): number | null {
    return this.restart.get(family, subject, seq) ?? null;
  }

  first(family: Family, subject: string): { seq: number; name: AlarmPointName | null } | null {
    const row = this.firsts.get(family, subject);
    if (!row) return null;
    return { seq: row.first_seq, name: row.name === null ? null : (JSON.parse(row.name) as AlarmPointName) };
  }
}

type Rows = {
  subjects: [Family, string, number, string | null][];
  restarts: [Family, string, number][];
  carry: [number, string][];
};

/** Every event of a type or subject with afterSeq < seq < beforeSeq, page by page. */
export function readRange(
  journal: Journal,
  query: { type: string } | { subject: string },
  afterSeq: number,
  beforeSeq: number,
): JournalEvent[] {
  const out: JournalEvent[] = [];
  for (let after = afterSeq; after + 1 < beforeSeq; ) {
    const page = journal.read({ ...query, afterSeq: after, beforeSeq, limit: PAGE });
    out.push(...page);
    const last = page.at(-1);
    if (!last || page.length < PAGE) break;
    after = last.seq;
  }
  return out;
}
