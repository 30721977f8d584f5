import type Database from 'better-sqlite3';
import { canonicalJson } from '../../shared/journal/canonical-json';
import { GENESIS_HASH, type JournalEvent } from '../../shared/journal/event';
import { type EventRow, eventFromRow } from '../../shared/journal/row';
import { chainBreak } from '../../shared/sync/chain';
import type { PulledEvent, PullResult, SharedConfig } from '../../shared/sync/protocol';
import { openDatabase } from '../store/database';
import { eventHash } from '../store/hash';
import { eventRow } from '../store/journal-rows';

type Cursor = 'pushed_seq' | 'pulled_gseq' | 'config_revision';

/** Another desk's events that do not verify: nothing of the page was stored. */
export class IngestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IngestError';
  }
}

/**
 * The desk's side of sync in its own SQLite file (the journal's, through a
 * second connection): the cursors, and other desks' events, ingested only
 * after each desk's chain checks out.
 */
export class SyncStore {
  private readonly getCursor: Database.Statement<[Cursor], number>;
  private readonly putCursor: Database.Statement<[number, Cursor]>;
  private readonly lastOf: Database.Statement<[string], { seq: number; hash: string }>;
  private readonly insert: Database.Statement;
  private readonly countInbound: Database.Statement<[], number>;
  private readonly putConfig: Database.Statement<[number, string, number]>;
  private readonly unapplied: Database.Statement<[string, string], EventRow>;
  private readonly putApplied: Database.Statement<[string, string, number]>;

  static open(file: string): SyncStore {
    return new SyncStore(openDatabase(file));
  }

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.getCursor = db.prepare<[Cursor], number>('SELECT value FROM sync_cursor WHERE name = ?').pluck();
    this.putCursor = db.prepare('UPDATE sync_cursor SET value = ? WHERE name = ?');
    this.lastOf = db.prepare('SELECT seq, hash FROM sync_inbound WHERE desk = ? ORDER BY seq DESC LIMIT 1');
    this.insert = db.prepare(
      `INSERT INTO sync_inbound (gseq, id, desk, seq, ts, actor_user, actor_role, type, subject, data, reason,
         prev_hash, hash, received_at)
       VALUES (@gseq, @id, @desk, @seq, @ts, @actor_user, @actor_role, @type, @subject, @data, @reason,
         @prev_hash, @hash, @received_at)`,
    );
    this.countInbound = db.prepare<[], number>('SELECT count(*) FROM sync_inbound').pluck();
    this.putConfig = db.prepare(
      'INSERT OR IGNORE INTO sync_shared_config (revision, data, received_at) VALUES (?, ?, ?)',
    );
    // Derived, like a cursor: which crew answers this desk has acted on (rebuilt as empty, they would be offered again
    // and the work-order rules refuse a second check-in).
    db.exec(`CREATE TABLE IF NOT EXISTS sync_crew_applied (
      event_id TEXT PRIMARY KEY, outcome TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
    this.unapplied = db.prepare(
      `SELECT * FROM sync_inbound WHERE type = ? AND json_extract(data, '$.desk') = ?
         AND id NOT IN (SELECT event_id FROM sync_crew_applied) ORDER BY gseq`,
    );
    this.putApplied = db.prepare(
      'INSERT OR IGNORE INTO sync_crew_applied (event_id, outcome, applied_at) VALUES (?, ?, ?)',
    );
  }

  cursor(name: Cursor): number {
    return this.getCursor.get(name) ?? 0;
  }

  /** Durable before it returns (synchronous=FULL), like the journal. */
  setPushedSeq(seq: number): void {
    this.putCursor.run(seq, 'pushed_seq');
  }

  received(): number {
    return this.countInbound.get() ?? 0;
  }

  /**
   * Stores one pulled page in one transaction, with the pull cursor and any
   * shared configuration: all of it, or (when a chain does not verify)
   * nothing, and the cursor stays where it was so the page is fetched again.
   */
  ingest(page: PullResult): number {
    return this.db
      .transaction(() => {
        let stored = 0;
        const heads = new Map<string, { seq: number; hash: string }>();
        for (const { gseq, event } of page.events) {
          const head = heads.get(event.desk) ?? this.lastOf.get(event.desk) ?? { seq: 0, hash: GENESIS_HASH };
          // A page fetched again after a crash brings events already stored.
          if (event.seq <= head.seq) continue;
          const broken = chainBreak(event.desk, head, [event], eventHash);
          if (broken) throw new IngestError(`desk ${event.desk} from the server: ${broken.reason}`);
          this.insert.run({ gseq, ...eventRow(event), received_at: this.now() });
          heads.set(event.desk, { seq: event.seq, hash: event.hash });
          stored++;
        }
        this.putCursor.run(page.next, 'pulled_gseq');
        if (page.config) this.storeConfig(page.config);
        return stored;
      })
      .immediate();
  }

  /** One other desk's events as received, in seq order. */
  readInbound(desk: string): JournalEvent[] {
    return this.db
      .prepare<[string], EventRow>('SELECT * FROM sync_inbound WHERE desk = ? ORDER BY seq')
      .all(desk)
      .map(eventFromRow);
  }

  /**
   * Other desks' events of the given types after `afterGseq`, in the
   * server's order (within one desk that is its seq order): a page at a
   * time, for features that read the organisation's records, such as the
   * handover search.
   */
  inboundOfTypes(types: readonly string[], afterGseq: number, limit: number): PulledEvent[] {
    if (types.length === 0) return [];
    return this.db
      .prepare<unknown[], EventRow & { gseq: number }>(
        `SELECT * FROM sync_inbound WHERE gseq > ? AND type IN (${types.map(() => '?').join(', ')})
         ORDER BY gseq LIMIT ?`,
      )
      .all(afterGseq, ...types, limit)
      .map((row) => ({ gseq: row.gseq, event: eventFromRow(row) }));
  }

  /** Crew answers from the server for this desk's work orders that it has not acted on yet, in the server's order. */
  unappliedAnswers(type: string, deskId: string): JournalEvent[] {
    return this.unapplied.all(type, deskId).map(eventFromRow);
  }

  markApplied(eventId: string, outcome: string): void {
    this.putApplied.run(eventId, outcome, this.now());
  }

  /** The newest shared configuration revision received, as the server sent it. */
  latestSharedConfig(): { revision: number; data: unknown; receivedAt: number } | null {
    const row = this.db
      .prepare<[], { revision: number; data: string; received_at: number }>(
        'SELECT revision, data, received_at FROM sync_shared_config ORDER BY revision DESC LIMIT 1',
      )
      .get();
    return row ? { revision: row.revision, data: JSON.parse(row.data), receivedAt: row.received_at } : null;
  }

  /** Holds a revision this desk itself published, as if the server had sent it (it would, on the next pull). */
  holdSharedConfig(config: SharedConfig): void {
    this.db.transaction(() => this.storeConfig(config)).immediate();
  }

  close(): void {
    this.db.close();
  }

  private storeConfig(config: SharedConfig): void {
    this.putConfig.run(config.revision, canonicalJson(config.data), this.now());
    this.putCursor.run(Math.max(config.revision, this.cursor('config_revision')), 'config_revision');
  }
}
