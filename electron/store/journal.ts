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
import { z } from 'zod';
import { canonicalJson } from '../../shared/journal/canonical-json';
import { GENESIS_HASH, JournalEvent, JournalInput } from '../../shared/journal/event';
import { Uuidv7Sequence, uuidv7 } from '../../shared/journal/uuidv7';
import { explain, type OpenOptions, openDatabase, StoreError } from './database';
import { fieldsHash, type HashedFields } from './hash';

export type JournalOptions = {
  /** Wall clock in epoch ms; events get it as `ts` unless they bring their own. */
  now?: () => number;
  /** Fills a buffer with random bytes (for ids). */
  fillRandom?: (buffer: Uint8Array) => Uint8Array;
  /** Events gathered before they join the subject index (SUBJECT_CHUNK); tests use a few. */
  subjectChunk?: number;
};

export type ReadQuery = { afterSeq?: number; limit?: number; type?: string; subject?: string };

export type VerifyResult = { ok: true; count: number } | { ok: false; brokenAt: number; reason: string };

/** Where a chunked verification stands: the last event checked and its hash. */
export type ChainPoint = { seq: number; hash: string };

export type ChunkResult =
  | { ok: true; checked: number; last: ChainPoint }
  | { ok: false; brokenAt: number; reason: string };

/** The start of every chain. */
export const CHAIN_START: ChainPoint = { seq: 0, hash: GENESIS_HASH };

type Row = {
  seq: number;
  id: string;
  ts: number;
  desk: string;
  actor_user: string;
  actor_role: string;
  type: string;
  subject: string;
  data: string;
  reason: string | null;
  prev_hash: string;
  hash: string;
};

type SubjectStatements = {
  mark: Database.Statement<[], number>;
  indexChunk: Database.Statement<[number, number]>;
  moveMark: Database.Statement<[number]>;
};

/** An input that passed its checks, as the hash and the row take it (id, seq, desk and prevHash still to come). */
type Checked = Pick<
  HashedFields,
  'actorUser' | 'actorRole' | 'type' | 'subject' | 'canonicalData' | 'reason'
> & {
  ts: number | undefined;
};

/**
 * JournalInput without its data check: check() makes the canonical text
 * itself, once, and that is the check (JsonValue would make it a second time).
 */
const InputFields = JournalInput.extend({ data: z.unknown().optional() });

const COLUMNS = 'seq, id, ts, desk, actor_user, actor_role, type, subject, data, reason, prev_hash, hash';
const COLUMN_COUNT = 12;
/** One statement per this many rows: binding and stepping a statement cost more than its rows. */
const ROWS_PER_INSERT = 20;
const DEFAULT_READ_LIMIT = 1000;
const ID_RANDOM_BYTES = 10;

export class Journal {
  readonly deskId: string;
  readonly file: string;
  private readonly now: () => number;
  private readonly fillRandom: (buffer: Uint8Array) => Uint8Array;
  private readonly subjectChunk: number;
  private readonly insertRow: Database.Statement;
  private readonly insertRows: Database.Statement;
  private readonly lastRow: Database.Statement<[], Row>;
  private readonly lastLink: Database.Statement<[], Pick<Row, 'seq' | 'id' | 'hash'>>;
  private readonly byId: Database.Statement<[string], Row>;
  private readonly lastSeq: Database.Statement<[], { n: number }>;
  private readonly chunk: Database.Statement<[number, number], Row>;
  private readonly readers = new Map<string, Database.Statement<Record<string, unknown>[], Row>>();
  private subjectStatements: SubjectStatements | null = null;

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
    this.fillRandom = options.fillRandom ?? randomFillSync;
    this.subjectChunk = options.subjectChunk ?? SUBJECT_CHUNK;
    const values = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
    this.insertRow = db.prepare(`INSERT INTO journal (${COLUMNS}) VALUES ${values}`);
    // SQLite inserts the rows in order, each through the chain trigger, as separate inserts would.
    this.insertRows = db.prepare(
      `INSERT INTO journal (${COLUMNS}) VALUES ${Array(ROWS_PER_INSERT).fill(values).join(', ')}`,
    );
    this.lastRow = db.prepare(`SELECT ${COLUMNS} FROM journal ORDER BY seq DESC LIMIT 1`);
    this.lastLink = db.prepare('SELECT seq, id, hash FROM journal ORDER BY seq DESC LIMIT 1');
    this.byId = db.prepare(`SELECT ${COLUMNS} FROM journal WHERE id = ?`);
    // seq has no gaps (the insert trigger enforces it), so the last seq is the count.
    this.lastSeq = db.prepare('SELECT coalesce(max(seq), 0) AS n FROM journal');
    this.chunk = db.prepare(`SELECT ${COLUMNS} FROM journal WHERE seq > ? ORDER BY seq LIMIT ?`);
    this.deskId = this.ensureDeskId();
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
    const checked = inputs.map((input, i) => this.check(input, i, inputs.length));
    if (checked.length === 0) return [];
    try {
      return this.db.transaction(() => this.write(checked)).immediate();
    } catch (error) {
      const why = explain(this.file, error).message;
      throw new StoreError(`journal not written, nothing recorded: ${why}`, { cause: error });
    }
  }

  /**
   * Events in seq order, oldest first; page with `afterSeq` = the last seq
   * you got. By subject: journal_subject up to its mark, then a scan of the
   * (at most SUBJECT_CHUNK) events after it, in one read transaction so the
   * two parts meet exactly.
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
    const params: Record<string, unknown> = { afterSeq, limit };
    const where = ['seq > @afterSeq'];
    if (query.type !== undefined) {
      where.push('type = @type');
      params.type = query.type;
    }
    if (query.subject === undefined) {
      return this.reader(
        `SELECT ${COLUMNS} FROM journal WHERE ${where.join(' AND ')} ORDER BY seq LIMIT @limit`,
      )
        .all(params)
        .map(toEvent);
    }
    params.subject = query.subject;
    const tail = this.reader(
      `SELECT ${COLUMNS} FROM journal WHERE ${where.join(' AND ')} AND subject = @subject ORDER BY seq LIMIT @limit`,
    );
    // CROSS JOIN keeps journal_subject the outer table: it holds the rows in (subject, seq) order.
    const indexed = this.reader(
      `SELECT ${JOINED_COLUMNS} FROM journal_subject AS s CROSS JOIN journal AS j ON j.seq = s.seq ` +
        `WHERE s.subject = @subject AND s.seq > @afterSeq AND s.seq <= @mark AND j.subject = s.subject` +
        `${query.type === undefined ? '' : ' AND j.type = @type'} ORDER BY s.seq LIMIT @limit`,
    );
    const { mark: subjectMark } = this.subjects();
    return this.db.transaction(() => {
      const mark = subjectMark.get() ?? 0;
      const found = afterSeq < mark ? indexed.all({ ...params, mark }) : [];
      if (found.length < limit) {
        found.push(
          ...tail.all({ ...params, afterSeq: Math.max(afterSeq, mark), limit: limit - found.length }),
        );
      }
      return found.map(toEvent);
    })();
  }

  last(): JournalEvent | null {
    const row = this.lastRow.get();
    return row ? toEvent(row) : null;
  }

  count(): number {
    return this.lastSeq.get()?.n ?? 0;
  }

  get(id: string): JournalEvent | null {
    const row = this.byId.get(id);
    return row ? toEvent(row) : null;
  }

  /**
   * Re-checks every event in seq order, one row at a time: seq without gaps,
   * data in canonical form, each prev_hash equal to the previous hash, each
   * hash equal to its recomputation. Stops at the first broken link. Events
   * removed from the end leave no trace in the chain itself; only a copy
   * held elsewhere (the sync server) can show that.
   */
  verify(): VerifyResult {
    let at = CHAIN_START;
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
      const problem = this.checkRow(row, expected, prevHash);
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
            const row = toRow(event, canonicalJson(event.data));
            const problem = this.checkRow(row, expected, prevHash);
            if (problem) throw new StoreError(problem.reason);
            this.insertRow.run(...rowValues(row));
            expected = event.seq + 1;
            prevHash = event.hash;
          }
          this.indexSubjects(expected - 1);
        })
        .immediate();
    } catch (error) {
      const why = error instanceof StoreError ? error.message : explain(this.file, error).message;
      throw new StoreError(`journal not restored, nothing written: ${why}`, { cause: error });
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

  private reader(sql: string): Database.Statement<Record<string, unknown>[], Row> {
    let statement = this.readers.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.readers.set(sql, statement);
    }
    return statement;
  }

  /**
   * Adds the events after the subject mark to journal_subject once
   * SUBJECT_CHUNK of them have gathered. Part of the caller's write
   * transaction, so the mark and the rows move together with the events.
   */
  private indexSubjects(lastSeq: number): void {
    const statements = this.subjects();
    const mark = statements.mark.get() ?? 0;
    if (lastSeq - mark < this.subjectChunk) return;
    statements.indexChunk.run(mark, lastSeq);
    statements.moveMark.run(lastSeq);
  }

  /**
   * Prepared on first use, not in the constructor: the verify command opens
   * a file read-only and unmigrated, and one written before schema 4 has
   * no journal_subject; verifying never needs it.
   */
  private subjects(): SubjectStatements {
    this.subjectStatements ??= {
      mark: this.db.prepare<[], number>('SELECT seq FROM journal_subject_mark WHERE id = 1').pluck(),
      // In subject order, so the chunk walks journal_subject front to back.
      indexChunk: this.db.prepare(
        'INSERT OR IGNORE INTO journal_subject (subject, seq) ' +
          'SELECT subject, seq FROM journal WHERE seq > ? AND seq <= ? ORDER BY subject, seq',
      ),
      moveMark: this.db.prepare('UPDATE journal_subject_mark SET seq = ? WHERE id = 1'),
    };
    return this.subjectStatements;
  }

  private checkRow(
    row: Row,
    expected: number,
    prevHash: string,
  ): { brokenAt: number; reason: string } | undefined {
    const at = `event seq ${row.seq} (id ${row.id})`;
    if (row.seq !== expected) {
      const missing = row.seq - 1 === expected ? `${expected}` : `${expected}–${row.seq - 1}`;
      return row.seq > expected
        ? { brokenAt: expected, reason: `seq ${missing} missing: seq ${row.seq} follows seq ${expected - 1}` }
        : { brokenAt: row.seq, reason: `${at} is out of order: expected seq ${expected}` };
    }
    let data: unknown;
    try {
      data = JSON.parse(row.data);
    } catch {
      return { brokenAt: row.seq, reason: `${at}: data is not valid JSON` };
    }
    if (canonicalJson(data) !== row.data) {
      return {
        brokenAt: row.seq,
        reason: `${at}: data is not in canonical form, so it was not written by DutyDesk`,
      };
    }
    if (row.desk !== this.deskId) {
      return {
        brokenAt: row.seq,
        reason: `${at}: desk ${row.desk} is not this journal's desk ${this.deskId}`,
      };
    }
    if (row.prev_hash !== prevHash) {
      return { brokenAt: row.seq, reason: `${at}: prev_hash does not match the hash of seq ${row.seq - 1}` };
    }
    if (fieldsHash(rowFields(row)) !== row.hash) {
      return {
        brokenAt: row.seq,
        reason: `${at}: hash does not match its contents (altered after it was written)`,
      };
    }
    return undefined;
  }

  /** `index` of `count` names the input in a refusal. */
  private check(input: JournalInput, index: number, count: number): Checked {
    const label = () => (count === 1 ? 'event' : `event[${index}]`);
    const fields = isPlainInput(input) ? input : this.parseInput(input, label());
    let canonicalData: string;
    try {
      canonicalData = canonicalJson(fields.data);
    } catch (error) {
      throw new StoreError(`journal not written, ${label()}.data refused: ${(error as Error).message}`);
    }
    return {
      actorUser: fields.actor.user,
      actorRole: fields.actor.role,
      type: fields.type,
      subject: fields.subject,
      canonicalData,
      reason: fields.reason ?? null,
      ts: fields.ts,
    };
  }

  /** The full check, for an input isPlainInput did not pass: its refusal names the field. */
  private parseInput(input: JournalInput, label: string): z.output<typeof InputFields> {
    const parsed = InputFields.safeParse(input);
    if (!parsed.success) {
      const [issue] = parsed.error.issues;
      const where = issue?.path.length ? `${label}.${issue.path.join('.')}` : label;
      throw new StoreError(`journal not written, ${where} refused: ${issue?.message ?? 'invalid'}`);
    }
    return parsed.data;
  }

  /** Runs inside the append transaction, so the last row cannot change under it. */
  private write(inputs: readonly Checked[]): JournalEvent[] {
    const last = this.lastLink.get();
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
        desk,
        input.actorUser,
        input.actorRole,
        input.type,
        input.subject,
        input.canonicalData,
        input.reason,
        prevHash,
        hash,
      );
      if (pending.length === ROWS_PER_INSERT * COLUMN_COUNT) {
        this.insertRows.run(pending);
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
        data: JSON.parse(input.canonicalData),
        reason: input.reason,
        prevHash,
        hash,
      });
      prevHash = hash;
    }
    for (let at = 0; at < pending.length; at += COLUMN_COUNT) {
      this.insertRow.run(pending.slice(at, at + COLUMN_COUNT));
    }
    this.indexSubjects(seq);
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
 * Events appended before they go into journal_subject in one sorted
 * insert (see migration 4). Larger chunks write that table's pages fewer
 * times; a read by subject scans at most this many recent events.
 */
const SUBJECT_CHUNK = 20_000;

const JOINED_COLUMNS = COLUMNS.split(', ')
  .map((column) => `j.${column}`)
  .join(', ');

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const isText = (value: unknown): value is string => typeof value === 'string' && !LONE_SURROGATE.test(value);
const isName = (value: unknown): value is string => isText(value) && value.length >= 1 && value.length <= 200;

/**
 * JournalInput's rules (event.ts) for the fields, written out: an input
 * they pass, zod passes too. Zod takes a tenth of an append's time, so it
 * only sees what fails here, to name the field it refuses.
 */
function isPlainInput(input: JournalInput): boolean {
  if (typeof input !== 'object' || input === null) return false;
  const { actor, reason, ts } = input;
  return (
    isName(input.type) &&
    isName(input.subject) &&
    typeof actor === 'object' &&
    actor !== null &&
    isName(actor.user) &&
    isName(actor.role) &&
    (reason === undefined || reason === null || isText(reason)) &&
    (ts === undefined || (Number.isSafeInteger(ts) && ts >= 0))
  );
}

function toRow(event: JournalEvent, canonicalData: string): Row {
  return {
    seq: event.seq,
    id: event.id,
    ts: event.ts,
    desk: event.desk,
    actor_user: event.actor.user,
    actor_role: event.actor.role,
    type: event.type,
    subject: event.subject,
    data: canonicalData,
    reason: event.reason,
    prev_hash: event.prevHash,
    hash: event.hash,
  };
}

/** In COLUMNS order, for the positional insert. */
function rowValues(row: Row): unknown[] {
  return [
    row.seq,
    row.id,
    row.ts,
    row.desk,
    row.actor_user,
    row.actor_role,
    row.type,
    row.subject,
    row.data,
    row.reason,
    row.prev_hash,
    row.hash,
  ];
}

function rowFields(row: Row): HashedFields {
  return {
    prevHash: row.prev_hash,
    id: row.id,
    seq: row.seq,
    ts: row.ts,
    desk: row.desk,
    actorUser: row.actor_user,
    actorRole: row.actor_role,
    type: row.type,
    subject: row.subject,
    canonicalData: row.data,
    reason: row.reason,
  };
}

function toEvent(row: Row): JournalEvent {
  return {
    id: row.id,
    seq: row.seq,
    ts: row.ts,
    desk: row.desk,
    actor: { user: row.actor_user, role: row.actor_role },
    type: row.type,
    subject: row.subject,
    data: JSON.parse(row.data),
    reason: row.reason,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
