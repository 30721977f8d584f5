import type Database from 'better-sqlite3';
import type { Row } from './journal-rows';

/** The keys an event can be looked up by, as journal_postings.kind (see migration 5). */
export type IndexKey = 'subject' | 'type';

type Statements = {
  mark: Database.Statement<[], number>;
  chunks: Database.Statement<[], number>;
  postingsBetween: Database.Statement<[Record<string, unknown>], { key: string; seqs: string }>;
  addChunk: Database.Statement<[number, number]>;
  postSubjects: Database.Statement<[{ first: number; last: number }]>;
  postTypes: Database.Statement<[{ first: number; last: number }]>;
  postings: Database.Statement<[Record<string, unknown>], { seqs: string }>;
};

/** What a lookup by key reads: its bounds, and the two statements over the journal's rows it uses. */
export type Lookup = {
  key: IndexKey;
  value: string;
  params: Record<string, unknown> & { afterSeq: number; beforeSeq: number; limit: number };
  /** The events matching `params` after `@afterSeq`, up to `@limit`: what the postings do not cover yet. */
  scan: Database.Statement<Record<string, unknown>[], Row>;
  /** The events at the seqs in `@seqs` (JSON) that match `params`. */
  listed: Database.Statement<Record<string, unknown>[], Row>;
};

/**
 * The journal's lookup postings (journal_postings, journal_chunks): for
 * each chunk of `chunkSize` events, the seqs of each subject and of each
 * type in it. Derived from the events and written in the same transaction
 * as the appends that complete a chunk.
 */
export class Postings {
  private statements: Statements | null = null;

  /**
   * `ready` is asked before the first statement is prepared: the verify
   * command opens older files read-only and unupgraded, without these
   * tables, and never needs them.
   */
  constructor(
    private readonly db: Database.Database,
    private readonly chunkSize: number,
    private readonly ready: () => void,
  ) {}

  /** The last seq posted. */
  mark(): number {
    return this.prepared().mark.get() ?? 0;
  }

  /**
   * Every append posts a chunk once `chunkSize` events have gathered, so a
   * full chunk or more of events after the last one means they were lost
   * (deleted by a tool from outside). They are posted again here, a chunk
   * per transaction as the appends would have, instead of as one chunk of
   * the whole journal at the next append. Lookups meanwhile scan the
   * events, so nothing is missed.
   */
  repost(last: number): void {
    const statements = this.prepared();
    for (let mark = this.mark(); last - mark >= this.chunkSize; mark += this.chunkSize) {
      const chunk = { first: mark + 1, last: mark + this.chunkSize };
      this.db
        .transaction(() => {
          statements.addChunk.run(chunk.first, chunk.last);
          statements.postSubjects.run(chunk);
          statements.postTypes.run(chunk);
        })
        .immediate();
    }
  }

  /**
   * Posts the events after the last chunk, by subject and by type, once
   * `chunkSize` of them have gathered. Part of the caller's write
   * transaction, so the postings move together with the events.
   */
  post(lastSeq: number): void {
    const statements = this.prepared();
    const mark = this.mark();
    if (lastSeq - mark < this.chunkSize) return;
    const chunk = { first: mark + 1, last: lastSeq };
    statements.addChunk.run(chunk.first, chunk.last);
    statements.postSubjects.run(chunk);
    statements.postTypes.run(chunk);
  }

  /**
   * The rows of one subject or type: its postings up to the last chunk,
   * then a scan of the (fewer than `chunkSize`) events after it, in one
   * read transaction so the two parts meet exactly.
   */
  lookup({ key, value, params, scan, listed }: Lookup): Row[] {
    const { afterSeq, beforeSeq, limit } = params;
    const { postings, mark: indexMark } = this.prepared();
    const wanted = { kind: key, key: value };
    return this.db.transaction(() => {
      const mark = indexMark.get() ?? 0;
      const found: Row[] = [];
      for (let after = afterSeq; after < mark && found.length < limit; ) {
        const seqs: number[] = [];
        const missing = limit - found.length;
        // Stops reading postings once it has enough; the statement is closed before the next one runs.
        for (const posting of postings.iterate({ ...wanted, afterSeq: after, beforeSeq })) {
          // In no particular order: group_concat without ORDER BY posts a chunk a quarter faster.
          for (const seq of posting.seqs.split(',').map(Number).sort(ascending)) {
            if (seq > after && seq < beforeSeq && seqs.length < missing) seqs.push(seq);
          }
          if (seqs.length >= missing) break;
        }
        if (seqs.length === 0) break;
        found.push(...listed.all({ ...params, seqs: JSON.stringify(seqs) }));
        after = seqs.at(-1) ?? mark;
      }
      if (found.length < limit) {
        found.push(
          ...scan.all({ ...params, afterSeq: Math.max(afterSeq, mark), limit: limit - found.length }),
        );
      }
      return found;
    })();
  }

  /**
   * The seqs of the events of any of `values` (subjects or types), in no
   * particular order: per chunk one range of its postings, from the least
   * of the values to the greatest as SQLite orders them, then one scan of
   * the events after the last chunk. A page of closed work orders has ids
   * close together, so a range holds little else; a lookup per value and
   * chunk took 12 µs each, 70 ms a page on the five-year desk.
   */
  seqsOfMany(
    key: IndexKey,
    values: readonly string[],
    tail: Database.Statement<[Record<string, unknown>], number>,
  ): number[] {
    const { chunks, postingsBetween, mark } = this.prepared();
    const keys = JSON.stringify(values);
    const wanted = new Set(values);
    // SQLite compares text as UTF-8 bytes: so do the bounds.
    const byBytes = [...wanted].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    const bounds = { kind: key, lo: byBytes[0], hi: byBytes.at(-1) };
    return this.db.transaction(() => {
      const seqs: number[] = [];
      for (const first of chunks.all()) {
        for (const posted of postingsBetween.all({ ...bounds, first })) {
          if (!wanted.has(posted.key)) continue;
          for (const seq of posted.seqs.split(',')) seqs.push(Number(seq));
        }
      }
      seqs.push(...tail.all({ afterSeq: mark.get() ?? 0, keys }));
      return seqs;
    })();
  }

  private prepared(): Statements {
    if (this.statements) return this.statements;
    this.ready();
    const post = (key: IndexKey) =>
      this.db.prepare<[{ first: number; last: number }]>(
        `INSERT INTO journal_postings (first_seq, kind, key, seqs) SELECT @first, '${key}', ${key}, ` +
          `group_concat(seq) FROM journal WHERE seq BETWEEN @first AND @last GROUP BY ${key}`,
      );
    this.statements = {
      mark: this.db.prepare<[], number>('SELECT coalesce(max(last_seq), 0) FROM journal_chunks').pluck(),
      chunks: this.db.prepare<[], number>('SELECT first_seq FROM journal_chunks ORDER BY first_seq').pluck(),
      postingsBetween: this.db.prepare<[Record<string, unknown>], { key: string; seqs: string }>(
        'SELECT key, seqs FROM journal_postings WHERE first_seq = @first AND kind = @kind AND key BETWEEN @lo AND @hi',
      ),
      addChunk: this.db.prepare('INSERT INTO journal_chunks (first_seq, last_seq) VALUES (?, ?)'),
      postSubjects: post('subject'),
      postTypes: post('type'),
      postings: this.db.prepare(
        'SELECT p.seqs FROM journal_chunks AS c CROSS JOIN journal_postings AS p ' +
          'ON p.first_seq = c.first_seq AND p.kind = @kind AND p.key = @key ' +
          'WHERE c.last_seq > @afterSeq AND c.first_seq < @beforeSeq ORDER BY c.first_seq',
      ),
    };
    return this.statements;
  }
}

const ascending = (a: number, b: number) => a - b;
