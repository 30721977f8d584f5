/**
 * The journal: the desk's record of everything operators did and everything
 * that happened to the fleet. Duty records are legal records kept for years
 * (seeds 001, 003), and current state is only a projection of this table, so:
 *
 * - Append-only. Events are never updated or deleted; a correction is a new
 *   event. SQLite triggers refuse UPDATE and DELETE, so a bug elsewhere in
 *   the engine cannot rewrite history either.
 * - Hash-chained. Each event's hash covers the previous event's hash, so
 *   `verify()` finds the first event that was altered, removed or inserted by
 *   anything that went around this class (a hex editor, a restored backup,
 *   raw SQL with the triggers dropped). It reports and never repairs.
 * - Durable when acknowledged. `append` returns only after its transaction
 *   has committed under synchronous=FULL (see database.ts), so an event the
 *   operator saw accepted survives kill -9 and power loss. Appends are
 *   synchronous on purpose: there is no window in which the engine believes
 *   something was recorded that is still in a buffer.
 */
import { randomFillSync } from 'node:crypto';
import type Database from 'better-sqlite3';
import { GENESIS_HASH, JournalEvent, type JournalInput, type StoredEvent } from '../../shared/journal/event';
import { eventFromRow } from '../../shared/journal/row';
import { Uuidv7Sequence, uuidv7 } from '../../shared/journal/uuidv7';
import { explain, type OpenOptions, openDatabase, StoreError } from './database';
import { fieldsHash } from './hash';
import {
  CHAIN_START,
  type ChainOwner,
  type ChainPoint,
  type ChunkResult,
  chainBreak,
  type VerifyResult,
} from './journal-chain';
import { type Checked, checkInput } from './journal-input';
import { type IndexKey, Postings } from './journal-postings';
import {
  COLUMN_COUNT,
  COLUMNS,
  eventRow,
  LEAN_JOIN,
  LEAN_ROW,
  PLAIN_LEAN_ROW,
  PLAIN_WIDE_ROW,
  type PlainRow,
  type Row,
  rowValues,
  VALUES,
  WIDE_ROW,
} from './journal-rows';
import { addFilters } from './sql-filters';
import { StoreUnavailable, storageFault, WriteState } from './writable';

export type JournalOptions = {
  /** Wall clock in epoch ms; events get it as `ts` unless they bring their own. */
  now?: () => number;
  /** Fills a buffer with random bytes (for ids). */
  fillRandom?: (buffer: Uint8Array) => Uint8Array;
  /** Events gathered before they are posted for lookups by subject and type (INDEX_CHUNK); tests use a few. */
  indexChunk?: number;
};

/** `beforeSeq` bounds a read from above (exclusive): a lookup over a stretch of the journal stops at its end. */
export type ReadQuery = {
  afterSeq?: number;
  beforeSeq?: number;
  limit?: number;
  type?: string;
  subject?: string;
};

export { CHAIN_START, type ChainPoint, type ChunkResult, type VerifyResult } from './journal-chain';

/** One statement per this many rows: binding and stepping a statement cost more than its rows. */
const ROWS_PER_INSERT = 20;
const DEFAULT_READ_LIMIT = 1000;
const ID_RANDOM_BYTES = 10;

export class Journal {
  readonly deskId: string;
  readonly file: string;
  /** Whether appends reach the disk; set by a refused append, cleared by the next commit. */
  readonly writable: WriteState;
  private readonly now: () => number;
  private readonly fillRandom: (buffer: Uint8Array) => Uint8Array;
  /** Schema 5 or later; false for an older file opened without upgrading it (read-only, to verify). */
  private readonly lean: boolean;
  /** What chainBreak checks a row against. */
  private readonly owner: ChainOwner;
  private readonly row: string;
  /** Joined after `journal AS j` wherever `row` is selected. */
  private readonly join: string;
  private readonly lastRow: Database.Statement<[], Row>;
  private readonly byId: Database.Statement<[string], Row>;
  private readonly lastSeq: Database.Statement<[], { n: number }>;
  private readonly chunk: Database.Statement<[number, number], Row>;
  private readonly readers = new Map<string, Database.Statement<Record<string, unknown>[], unknown>>();
  private writeStatements: WriteStatements | null = null;
  private readonly postings: Postings;

  /** Opens (creating if needed) the journal file; the journal owns the connection. */
  static open(file: string, options: JournalOptions & OpenOptions = {}): Journal {
    return new Journal(openDatabase(file, options), options);
  }

  constructor(
    private readonly db: Database.Database,
    options: JournalOptions = {},
  ) {
    this.file = db.name;
    this.now = options.now ?? Date.now;
    this.writable = new WriteState(this.now);
    this.fillRandom = options.fillRandom ?? randomFillSync;
    this.lean = !db
      .prepare("SELECT 1 FROM pragma_table_info('journal') WHERE name = 'prev_hash'")
      .pluck()
      .get();
    this.row = this.lean ? LEAN_ROW : WIDE_ROW;
    this.join = this.lean ? LEAN_JOIN : '';
    this.lastRow = db.prepare(`SELECT ${this.row} FROM journal AS j${this.join} ORDER BY j.seq DESC LIMIT 1`);
    this.byId = db.prepare(
      `SELECT ${this.row} FROM journal AS j${this.join} WHERE j.id = ${this.lean ? "unhex(?, '-')" : '?'}`,
    );
    // DutyDesk writes seq without gaps (one from outside is verify's to name), so the last seq is the count.
    this.lastSeq = db.prepare('SELECT coalesce(max(seq), 0) AS n FROM journal');
    this.chunk = db.prepare(
      `SELECT ${this.row} FROM journal AS j${this.join} WHERE j.seq > ? ORDER BY j.seq LIMIT ?`,
    );
    this.deskId = this.ensureDeskId();
    this.owner = { deskId: this.deskId, lean: this.lean };
    this.postings = new Postings(db, options.indexChunk ?? INDEX_CHUNK, () =>
      this.requireLean('look events up by subject or type'),
    );
    // Postings lost to a tool from outside are posted again now, not as one chunk at the next append.
    if (this.lean && !db.readonly) this.postings.repost(this.count());
  }

  /**
   * Records one event and returns it as stored, after commit. Inside a
   * caller's own transaction the append is part of it, and durable when
   * that transaction commits.
   */
  append(input: JournalInput): JournalEvent {
    // appendMany returns exactly one event per input.
    return this.appendMany([input])[0] as JournalEvent;
  }

  /** Records all of `inputs` in one transaction: all are stored, or none. */
  appendMany(inputs: readonly JournalInput[]): JournalEvent[] {
    const checked = inputs.map((input, i) => checkInput(input, i, inputs.length));
    if (checked.length === 0) return [];
    // Inside a caller's transaction nothing reaches the disk before the caller commits.
    const committing = !this.db.inTransaction;
    let events: JournalEvent[];
    try {
      events = this.db.transaction(() => this.write(checked)).immediate();
    } catch (error) {
      throw this.refusal(error, 'journal not written, nothing recorded');
    }
    if (committing) this.writable.succeeded();
    return events;
  }

  /**
   * Whether a commit reaches the disk now, for a journal that refused one.
   * A rolled-back transaction never writes in WAL mode, so this commits one
   * row of meta: a WAL frame and an fsync, only while the journal is refused.
   */
  probeWrite(): boolean {
    try {
      this.db
        .prepare(
          "INSERT INTO meta (key, value) VALUES ('write_probe', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .run(String(this.now()));
    } catch (error) {
      const fault = storageFault(this.file, error);
      if (fault) this.writable.failed(fault);
      return false;
    }
    this.writable.succeeded();
    return true;
  }

  /**
   * A full or read-only store refuses with a reason the operator can act on
   * (StoreUnavailable, an ApiError); anything else stays a StoreError. The
   * transaction rolled back either way, so the chain is as it was.
   */
  private refusal(error: unknown, what: string): Error {
    const fault = storageFault(this.file, error);
    if (fault) {
      this.writable.failed(fault);
      return new StoreUnavailable(fault, { cause: error });
    }
    const why = error instanceof StoreError ? error.message : explain(this.file, error).message;
    return new StoreError(`${what}: ${why}`, { cause: error });
  }

  /**
   * Events in seq order, oldest first; page with `afterSeq` = the last seq
   * you got. By subject or type through the postings (journal-postings.ts).
   */
  read(query: ReadQuery = {}): JournalEvent[] {
    const afterSeq = query.afterSeq ?? 0;
    const limit = query.limit ?? DEFAULT_READ_LIMIT;
    if (!Number.isSafeInteger(afterSeq) || afterSeq < 0) {
      throw new RangeError(`journal read: afterSeq must be a whole number ≥ 0, not ${afterSeq}`);
    }
    if (!Number.isSafeInteger(limit) || limit < 1) {
      throw new RangeError(`journal read: limit must be a whole number ≥ 1, not ${limit}`);
    }
    const beforeSeq = query.beforeSeq ?? Number.MAX_SAFE_INTEGER;
    if (!Number.isSafeInteger(beforeSeq) || beforeSeq < 1) {
      throw new RangeError(`journal read: beforeSeq must be a whole number ≥ 1, not ${beforeSeq}`);
    }
    const params: Record<string, unknown> = { afterSeq, beforeSeq, limit };
    const where = ['j.seq > @afterSeq', 'j.seq < @beforeSeq'];
    addFilters(where, params, [
      ['j.type = @type', 'type', query.type],
      ['j.subject = @subject', 'subject', query.subject],
    ]);
    const scan = this.reader(
      `SELECT ${this.row} FROM journal AS j${this.join} WHERE ${where.join(' AND ')} ORDER BY j.seq LIMIT @limit`,
    );
    const key: IndexKey | undefined =
      query.subject !== undefined ? 'subject' : query.type !== undefined ? 'type' : undefined;
    if (key === undefined) return scan.all(params).map(eventFromRow);
    // The row checks its own subject and type again: a forged posting names no event.
    const listed = this.reader(
      `SELECT ${this.row} FROM journal AS j${this.join} ` +
        `WHERE j.seq IN (SELECT value FROM json_each(@seqs)) AND ${where.join(' AND ')} ORDER BY j.seq`,
    );
    const value = query[key] as string;
    return this.postings
      .lookup({ key, value, params: { ...params, afterSeq, beforeSeq, limit }, scan, listed })
      .map(eventFromRow);
  }

  /**
   * The events at these seqs, in seq order (those past the end are absent):
   * a start that knows which events it needs reads them in one pass instead
   * of each subject's postings through every chunk.
   */
  readSeqs(seqs: readonly number[]): JournalEvent[] {
    const listed = this.reader(
      `SELECT ${this.row} FROM journal AS j${this.join} WHERE j.seq IN (SELECT value FROM json_each(@seqs)) ORDER BY j.seq`,
    );
    return listed.all({ seqs: JSON.stringify(seqs) }).map(eventFromRow);
  }

  /**
   * The events at `seqs`, ascending, without the chain's hashes: what a
   * replay reads. A whole row joins the row before for its previous hash
   * and formats both hashes, which took half of a five-year start's read.
   */
  readPlainSeqs(seqs: readonly number[]): StoredEvent[] {
    const listed = this.reader<PlainRow>(
      `SELECT ${this.lean ? PLAIN_LEAN_ROW : PLAIN_WIDE_ROW} FROM journal AS j WHERE j.seq IN (SELECT value FROM json_each(@seqs)) ORDER BY j.seq`,
    );
    return listed.all({ seqs: JSON.stringify(seqs) }).map((row) => ({
      id: row.id,
      seq: row.seq,
      ts: row.ts,
      desk: row.desk ?? this.deskId,
      actor: { user: row.actor_user, role: row.actor_role },
      type: row.type,
      subject: row.subject,
      data: JSON.parse(row.data),
      reason: row.reason,
    }));
  }

  /**
   * Every event of any of `subjects`, ascending, without the chain's
   * hashes: a page of closed work orders read back at once, their postings
   * looked up once per chunk for all of them.
   */
  readSubjects(subjects: readonly string[]): StoredEvent[] {
    if (subjects.length === 0) return [];
    const tail = this.reader<number>(
      'SELECT seq FROM journal WHERE seq > @afterSeq AND subject IN (SELECT value FROM json_each(@keys))',
    ).pluck();
    const seqs = [...new Set(this.postings.seqsOfMany('subject', subjects, tail))].sort((a, b) => a - b);
    // The row checks its own subject again: a forged posting names no event.
    const wanted = new Set(subjects);
    return this.readPlainSeqs(seqs).filter((e) => wanted.has(e.subject));
  }

  /**
   * Seq, type, subject and time of up to `limit` events after `afterSeq`, without
   * their data: a cheap scan for what to read. With `kinds` (type prefixes
   * such as `workorder.`) only those events up to `upTo`, picked inside
   * SQLite, so a scan for a tenth of the journal makes no objects for the rest.
   */
  heads(
    afterSeq: number,
    limit: number,
    only?: { kinds: readonly string[]; upTo: number },
  ): { seq: number; type: string; subject: string; ts: number }[] {
    if (!only) {
      return this.reader<{ seq: number; type: string; subject: string; ts: number }>(
        'SELECT seq, type, subject, ts FROM journal WHERE seq > @afterSeq ORDER BY seq LIMIT @limit',
      ).all({ afterSeq, limit });
    }
    const kinds = only.kinds.map((_, i) => `substr(type, 1, length(@k${i})) = @k${i}`).join(' OR ');
    const params: Record<string, unknown> = { afterSeq, limit, upTo: only.upTo };
    only.kinds.forEach((kind, i) => {
      params[`k${i}`] = kind;
    });
    return this.reader<{ seq: number; type: string; subject: string; ts: number }>(
      `SELECT seq, type, subject, ts FROM journal WHERE seq > @afterSeq AND seq <= @upTo AND (${kinds}) ORDER BY seq LIMIT @limit`,
    ).all(params);
  }

  last(): JournalEvent | null {
    const row = this.lastRow.get();
    return row ? eventFromRow(row) : null;
  }

  count(): number {
    return this.lastSeq.get()?.n ?? 0;
  }

  /** The chain as it stands at `seq`, or null past the end: where a later check can resume. */
  pointAt(seq: number): ChainPoint | null {
    if (seq === 0) return CHAIN_START;
    const [row] = this.chunk.all(seq - 1, 1);
    return row?.seq === seq ? { seq, hash: row.hash } : null;
  }

  get(id: string): JournalEvent | null {
    const row = this.byId.get(id);
    return row ? eventFromRow(row) : null;
  }

  /**
   * Re-checks every event in seq order, one row at a time: seq without gaps,
   * data in canonical form, each prev_hash equal to the previous hash, each
   * hash equal to its recomputation. Stops at the first broken link. Events
   * removed from the end leave no trace in the chain itself; only a copy
   * held elsewhere (the sync server) can show that. From a point already
   * verified (`from`), only the events after it are checked.
   */
  verify(from: ChainPoint = CHAIN_START): VerifyResult {
    let at = from;
    for (;;) {
      const step = this.verifyChunk(at, VERIFY_CHUNK);
      if (!step.ok) return step;
      if (step.checked === 0) return { ok: true, count: at.seq };
      at = step.last;
    }
  }

  /**
   * Checks up to `limit` events after `from` (a point verify or an earlier
   * chunk reached), so a large journal can be verified a piece at a time
   * without holding the engine. `checked: 0` means the end was reached.
   */
  verifyChunk(from: ChainPoint, limit: number): ChunkResult {
    let expected = from.seq + 1;
    let prevHash = from.hash;
    let checked = 0;
    // all() rather than iterate(): one call for the chunk costs far less than a call per row.
    for (const row of this.chunk.all(from.seq, limit)) {
      const problem = chainBreak(row, expected, prevHash, this.owner);
      if (problem) return { ok: false, ...problem };
      expected = row.seq + 1;
      prevHash = row.hash;
      checked++;
    }
    return { ok: true, checked, last: { seq: expected - 1, hash: prevHash } };
  }

  /**
   * Appends events exactly as another copy of this journal holds them (a
   * restore from backup), in one transaction: each must be this desk's,
   * extend the chain and hash to its recorded hash, or nothing is written.
   */
  appendVerbatim(events: readonly JournalEvent[]): void {
    if (events.length === 0) return;
    const { insertRow } = this.writes();
    try {
      this.db
        .transaction(() => {
          const last = this.lastRow.get();
          let expected = (last?.seq ?? 0) + 1;
          let prevHash = last?.hash ?? GENESIS_HASH;
          for (const input of events) {
            const parsed = JournalEvent.safeParse(input);
            if (!parsed.success) {
              throw new StoreError(`event seq ${input.seq}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
            }
            const event = parsed.data;
            const row = eventRow(event);
            const problem = chainBreak(row, expected, prevHash, this.owner);
            if (problem) throw new StoreError(problem.reason);
            insertRow.run(rowValues(row));
            expected = event.seq + 1;
            prevHash = event.hash;
          }
          this.postings.post(expected - 1);
        })
        .immediate();
    } catch (error) {
      throw this.refusal(error, 'journal not restored, nothing written');
    }
  }

  /** Online copy of the whole file (SQLite backup API); appends go on meanwhile. */
  async backup(file: string): Promise<void> {
    await this.db.backup(file);
  }

  /** Size of the file in bytes (without the write-ahead log). */
  bytes(): number {
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    const size = this.db.pragma('page_size', { simple: true }) as number;
    return pages * size;
  }

  close(): void {
    this.db.close();
  }

  private reader<Result = Row>(sql: string): Database.Statement<Record<string, unknown>[], Result> {
    let statement = this.readers.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.readers.set(sql, statement);
    }
    return statement as Database.Statement<Record<string, unknown>[], Result>;
  }

  /** Also prepared on first use, for the same reason. */
  private writes(): WriteStatements {
    this.requireLean('write');
    this.writeStatements ??= {
      insertRow: this.db.prepare(`INSERT INTO journal (${COLUMNS}) VALUES ${VALUES}`),
      insertRows: this.db.prepare(
        `INSERT INTO journal (${COLUMNS}) VALUES ${Array(ROWS_PER_INSERT).fill(VALUES).join(', ')}`,
      ),
    };
    return this.writeStatements;
  }

  private requireLean(what: string): void {
    if (!this.lean) {
      throw new StoreError(
        `${this.file}: this journal has the layout of an older DutyDesk (before schema 5); ` +
          `open it with Journal.open, which upgrades it, to ${what}`,
      );
    }
  }

  /** Runs inside the append transaction, so the last row cannot change under it. */
  private write(inputs: readonly Checked[]): JournalEvent[] {
    const { insertRow, insertRows } = this.writes();
    const last = this.lastRow.get();
    let seq = last?.seq ?? 0;
    let prevHash = last?.hash ?? GENESIS_HASH;
    const ids = new Uuidv7Sequence(last?.id ?? null);
    const desk = this.deskId;
    // One call for the whole batch: getting random bytes costs a system call.
    const random = this.fillRandom(new Uint8Array(ID_RANDOM_BYTES * inputs.length));
    const events: JournalEvent[] = [];
    // Row values, in COLUMNS order, waiting for a full multi-row insert.
    const pending: unknown[] = [];
    for (let i = 0; i < inputs.length; i++) {
      const input = inputs[i] as Checked;
      const now = this.now();
      const id = ids.next(now, random, i * ID_RANDOM_BYTES);
      const ts = input.ts ?? now;
      seq++;
      const hash = fieldsHash({
        prevHash,
        id,
        seq,
        ts,
        desk,
        actorUser: input.actorUser,
        actorRole: input.actorRole,
        type: input.type,
        subject: input.subject,
        canonicalData: input.canonicalData,
        reason: input.reason,
      });
      pending.push(
        seq,
        id,
        ts,
        input.actorUser,
        input.actorRole,
        input.type,
        input.subject,
        input.canonicalData,
        input.reason,
        hash,
      );
      if (pending.length === ROWS_PER_INSERT * COLUMN_COUNT) {
        insertRows.run(pending);
        pending.length = 0;
      }
      events.push({
        id,
        seq,
        ts,
        desk,
        actor: { user: input.actorUser, role: input.actorRole },
        type: input.type,
        subject: input.subject,
        // A copy as stored (keys sorted, -0 as 0), never the caller's object.
        data: input.copy as JournalEvent['data'],
        reason: input.reason,
        prevHash,
        hash,
      });
      prevHash = hash;
    }
    for (let at = 0; at < pending.length; at += COLUMN_COUNT) {
      insertRow.run(pending.slice(at, at + COLUMN_COUNT));
    }
    this.postings.post(seq);
    return events;
  }

  private ensureDeskId(): string {
    const select = this.db.prepare("SELECT value FROM meta WHERE key = 'desk_id'").pluck();
    const existing = select.get() as string | undefined;
    if (existing) return existing;
    return this.db
      .transaction(() => {
        const raced = select.get() as string | undefined;
        if (raced) return raced;
        const id = uuidv7(this.now(), this.fillRandom(new Uint8Array(ID_RANDOM_BYTES)));
        this.db.prepare("INSERT INTO meta (key, value) VALUES ('desk_id', ?)").run(id);
        return id;
      })
      .immediate();
  }
}

const VERIFY_CHUNK = 10_000;

/**
 * Events appended before they are posted to journal_postings as one chunk
 * (see migration 5). A read by subject or type scans at most this many
 * recent events; a posting lists at most this many seqs.
 */
const INDEX_CHUNK = 20_000;

type WriteStatements = {
  insertRow: Database.Statement;
  insertRows: Database.Statement;
};
