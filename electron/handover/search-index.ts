import type Database from 'better-sqlite3';
import { HANDOVER_EVENT_TYPES, handoverSubject } from '../../shared/handover/events';
import { projectRecord, recordFacts } from '../../shared/handover/project';
import type { HandoverSummary } from '../../shared/handover/record';
import { type ShiftSchedule, shiftIfKnown } from '../../shared/handover/schedule';
import {
  type HandoverQuery,
  lowered,
  matchEntry,
  type SearchEntry,
  searchEntry,
} from '../../shared/handover/search';
import { recordedSnapshot } from '../../shared/handover/snapshot';
import type { JournalEvent } from '../../shared/journal/event';
import type { Logger } from '../log/logger';
import { type DerivedSource, openDerived, writeMeta } from '../store/derived';
import { addFilters } from '../store/sql-filters';

/** What the search index reads of the journal. */
export type SearchJournal = DerivedSource & {
  count(): number;
  read(query: {
    afterSeq?: number;
    beforeSeq?: number;
    limit?: number;
    type?: string;
    subject?: string;
  }): JournalEvent[];
};

/** Journal events looked through per step of catching up. */
const WINDOW = 5_000;
const PAGE = 1_000;
/** How long one slice of catching up may hold the engine before it yields. */
const SLICE_MS = 8;
/** Bumped whenever what the file holds changes meaning: an older file is rebuilt. */
const VERSION = 1;

export const handoverSearchFile = (journalFile: string) => `${journalFile}.handover-search.sqlite`;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS records (
    shift_id TEXT PRIMARY KEY, first_seq INTEGER NOT NULL, signed INTEGER NOT NULL,
    starts_at INTEGER, entry TEXT, lower TEXT);
  CREATE INDEX IF NOT EXISTS records_by_start ON records (starts_at DESC, first_seq);
  CREATE TABLE IF NOT EXISTS record_stations (
    station TEXT NOT NULL, shift_id TEXT NOT NULL, PRIMARY KEY (station, shift_id)) WITHOUT ROWID;
`;

/**
 * What the handover service asks of its search index: kept in this thread
 * (HandoverSearchIndex) or in a worker (search-index-client.ts), which the
 * engine does, so that building it never pauses the engine.
 */
export type SearchIndexPort = {
  catchUp(schedule: ShiftSchedule): Promise<void>;
  search(
    query: HandoverQuery,
    limit: number,
    schedule: ShiftSchedule,
  ): Promise<{ results: HandoverSummary[]; more: boolean }>;
  close(): void;
};

type Row = { shiftId: string; firstSeq: number; signed: boolean; entry: SearchEntry | null };

/**
 * This desk's handover records as the search reads them (issue 16): each
 * record's summary and searchable text, kept beside the journal so that a
 * search over years of shifts projects no record. A record is the events
 * of its subject `handover/<shift id>`; it is folded again whenever one
 * arrives. A signed record keeps the shift it was signed for; a draft's
 * shift comes from the schedule, so drafts are folded again when the
 * schedule changes. Derived data (electron/store/derived.ts): checked
 * against the journal's hash, rebuilt when it does not match.
 */
export class HandoverSearchIndex implements SearchIndexPort {
  private indexed: number;
  private running: Promise<void> | null = null;
  private closed = false;
  private readonly statements: {
    has: Database.Statement<[string], number>;
    put: Database.Statement<unknown[]>;
    unstation: Database.Statement<[string]>;
    station: Database.Statement<[string, string]>;
    drafts: Database.Statement<[], string>;
  };

  private constructor(
    private readonly journal: SearchJournal,
    private readonly db: Database.Database,
    seq: number,
    private schedule: string,
  ) {
    this.indexed = seq;
    this.statements = {
      has: db.prepare<[string], number>('SELECT 1 FROM records WHERE shift_id = ?').pluck(),
      put: db.prepare('INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?, ?, ?)'),
      unstation: db.prepare('DELETE FROM record_stations WHERE shift_id = ?'),
      station: db.prepare('INSERT OR IGNORE INTO record_stations VALUES (?, ?)'),
      drafts: db.prepare<[], string>('SELECT shift_id FROM records WHERE signed = 0').pluck(),
    };
  }

  /** `file` null: in memory, for a journal without a file. */
  static open(
    journal: SearchJournal,
    file: string | null,
    options: { log?: Logger } = {},
  ): HandoverSearchIndex | null {
    return openDerived({
      file: file ?? ':memory:',
      what: 'handover search index',
      version: VERSION,
      schema: SCHEMA,
      source: journal,
      log: options.log,
      make: (db, seq, meta) => new HandoverSearchIndex(journal, db, seq, meta.get('schedule') ?? ''),
    });
  }

  /** In `file` when one is given and can be made, else in memory (built again at each start). */
  static kept(journal: SearchJournal, file: string | null, log?: Logger): HandoverSearchIndex {
    const index =
      (file ? HandoverSearchIndex.open(journal, file, log ? { log } : {}) : null) ??
      HandoverSearchIndex.open(journal, null);
    if (!index) throw new Error('the handover search index cannot be made, not even in memory');
    return index;
  }

  /** The journal seq the index covers up to. */
  indexedTo(): number {
    return this.indexed;
  }

  /**
   * Brings the index up to the journal's last event under this schedule, a
   * slice at a time, yielding between slices. Calls while one runs share it.
   */
  catchUp(schedule: ShiftSchedule): Promise<void> {
    this.running ??= this.run(schedule).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * This desk's records that pass the query, newest shift first, at most
   * `limit`; `more` when others pass too.
   */
  async search(
    query: HandoverQuery,
    limit: number,
    schedule: ShiftSchedule,
  ): Promise<{ results: HandoverSummary[]; more: boolean }> {
    await this.catchUp(schedule);
    // The running catch-up may have ended before the last append: one more look, usually at nothing.
    await this.catchUp(schedule);
    const where = ['entry IS NOT NULL'];
    const params: Record<string, unknown> = {};
    const needle = lowered(query.text ?? '');
    addFilters(where, params, [
      ['starts_at >= @from', 'from', query.from],
      ['starts_at < @to', 'to', query.to],
      [
        'shift_id IN (SELECT shift_id FROM record_stations WHERE station = @station)',
        'station',
        query.stationId,
      ],
      // A cheap filter on all the record's text at once; matchEntry then finds the line, as without the index.
      ['instr(lower, @needle) > 0', 'needle', needle === '' ? undefined : needle],
    ]);
    const rows = this.db
      .prepare<Record<string, unknown>, string>(
        `SELECT entry FROM records WHERE ${where.join(' AND ')} ORDER BY starts_at DESC, first_seq`,
      )
      .pluck();
    const results: HandoverSummary[] = [];
    for (const entry of rows.iterate(params)) {
      const hit = matchEntry(JSON.parse(entry) as SearchEntry, query);
      if (hit) results.push(hit);
      if (results.length > limit) break;
    }
    return { results: results.slice(0, limit), more: results.length > limit };
  }

  /** A catch-up under way stops at its next slice. */
  close(): void {
    this.closed = true;
    this.db.close();
  }

  private async run(schedule: ShiftSchedule): Promise<void> {
    const key = JSON.stringify(schedule);
    let started = performance.now();
    const pause = async () => {
      if (performance.now() - started < SLICE_MS) return;
      await new Promise((resolve) => setImmediate(resolve));
      started = performance.now();
    };
    if (key !== this.schedule) {
      // Drafts take their shift from the schedule: fold them again under this one.
      const drafts = this.statements.drafts.all();
      for (let at = 0; at < drafts.length && !this.closed; ) {
        const rows: Row[] = [];
        for (; at < drafts.length && performance.now() - started < SLICE_MS; at++) {
          const shiftId = drafts[at] as string;
          rows.push(this.fold(shiftId, this.eventsOf(shiftId, this.indexed), schedule));
        }
        this.write(rows, null);
        await pause();
      }
      if (this.closed) return;
      this.schedule = key;
      this.write([], { seq: this.indexed, schedule: key });
    }
    while (!this.closed) {
      const end = Math.min(this.journal.count(), this.indexed + WINDOW);
      if (end <= this.indexed) break;
      // The records touched in this stretch, with its events of them; those begun earlier are read whole.
      const touched = new Map<string, JournalEvent[]>();
      for (const type of HANDOVER_EVENT_TYPES) {
        for (const e of this.readAll({ type }, this.indexed, end)) {
          const shiftId = shiftIdOfSubject(e.subject);
          if (shiftId === null) continue;
          const list = touched.get(shiftId);
          if (list) list.push(e);
          else touched.set(shiftId, [e]);
        }
        await pause();
        if (this.closed) return;
      }
      const pending = [...touched];
      for (let at = 0; at < pending.length && !this.closed; ) {
        const rows: Row[] = [];
        for (; at < pending.length && performance.now() - started < SLICE_MS; at++) {
          const [shiftId, events] = pending[at] as [string, JournalEvent[]];
          const whole =
            this.statements.has.get(shiftId) === undefined
              ? events.sort((a, b) => a.seq - b.seq)
              : this.eventsOf(shiftId, end);
          rows.push(this.fold(shiftId, whole, schedule));
        }
        // The stretch counts as covered only once all its records are written.
        this.write(rows, at >= pending.length ? { seq: end, schedule: key } : null);
        await pause();
      }
      if (this.closed) return;
      if (pending.length === 0) this.write([], { seq: end, schedule: key });
      this.indexed = end;
      await pause();
    }
  }

  private readAll(query: { type: string } | { subject: string }, afterSeq: number, upTo: number) {
    const out: JournalEvent[] = [];
    for (let after = afterSeq; after < upTo; ) {
      const page = this.journal.read({ ...query, afterSeq: after, beforeSeq: upTo + 1, limit: PAGE });
      out.push(...page);
      const last = page.at(-1);
      if (!last || page.length < PAGE) break;
      after = last.seq;
    }
    return out;
  }

  /** Every handover event of the record up to `upTo`, oldest first. */
  private eventsOf(shiftId: string, upTo: number): JournalEvent[] {
    const types = new Set(HANDOVER_EVENT_TYPES);
    return this.readAll({ subject: handoverSubject(shiftId) }, 0, upTo).filter((e) => types.has(e.type));
  }

  /**
   * The record as the search shows it. A draft holds only what was recorded:
   * the live fleet says nothing about a past shift. A draft whose shift the
   * schedule does not know is kept without an entry, and found by no search.
   */
  private fold(shiftId: string, events: JournalEvent[], schedule: ShiftSchedule): Row {
    const facts = recordFacts(events);
    const firstSeq = events[0]?.seq ?? 0;
    const shift = facts.signed?.shift ?? shiftIfKnown(schedule, shiftId);
    if (!shift) return { shiftId, firstSeq, signed: false, entry: null };
    return {
      shiftId,
      firstSeq,
      signed: facts.signed !== null,
      entry: searchEntry(projectRecord(shift, facts, recordedSnapshot(shift.startsAt, facts.checks))),
    };
  }

  private write(rows: readonly Row[], covered: { seq: number; schedule: string } | null): void {
    const { put, unstation, station } = this.statements;
    this.db.transaction(() => {
      for (const r of rows) {
        const { entry } = r;
        put.run(
          r.shiftId,
          r.firstSeq,
          r.signed ? 1 : 0,
          entry?.summary.shift.startsAt ?? null,
          entry ? JSON.stringify(entry) : null,
          entry ? entry.lower.join('\n') : null,
        );
        unstation.run(r.shiftId);
        for (const s of entry?.summary.stations ?? []) station.run(s, r.shiftId);
      }
      if (covered) {
        const at = this.journal.pointAt(covered.seq);
        if (!at) throw new Error(`handover search index: the journal ends before seq ${covered.seq}`);
        writeMeta(this.db, VERSION, this.journal, at, { schedule: covered.schedule });
      }
    })();
  }
}

function shiftIdOfSubject(subject: string): string | null {
  return subject.startsWith('handover/') ? subject.slice('handover/'.length) : null;
}
