import { createHash, randomBytes } from 'node:crypto';
import { canonicalJson } from '../shared/journal/canonical-json';
import { hashInput, type JournalEvent } from '../shared/journal/event';
import { type EventRow, eventFromRow } from '../shared/journal/row';
import { uuidv7 } from '../shared/journal/uuidv7';
import { chainBreak, EMPTY_HEAD } from '../shared/sync/chain';
import type {
  ChainHead,
  PublishConfigRequest,
  PublishConfigResult,
  PullQuery,
  PullResult,
  PushResult,
  SharedConfig,
  SyncErrorCode,
} from '../shared/sync/protocol';
import { indexCrewLinks } from './crew/grants';
import type { ServerDatabase, Sql } from './database';

/** A request the server refuses on purpose; `head` tells a desk where its chain ends here. */
export class SyncRefusal extends Error {
  constructor(
    readonly code: SyncErrorCode,
    message: string,
    readonly head?: ChainHead,
  ) {
    super(message);
    this.name = 'SyncRefusal';
  }
}

/**
 * Pushes from all desks take turns under one transaction-scoped lock, so
 * gseq values become visible in the order they were assigned and a pull by
 * cursor never skips an event committed late.
 */
const PUSH_LOCK = 4454445;

const COLUMNS =
  'gseq, id, desk, seq, ts, actor_user, actor_role, type, subject, data, reason, prev_hash, hash';

type StoredRow = EventRow & { gseq: number | string };

export function eventHash(event: Omit<JournalEvent, 'hash'>): string {
  return createHash('sha256').update(hashInput(event), 'utf8').digest('hex');
}

/** A publish stored (or found already stored), or the newer revision it would have overwritten unseen. */
export type PublishOutcome =
  | { published: PublishConfigResult }
  | { conflict: { revision: number; desk: string | null; setAt: number } };

/** A batch a push is about to commit: one desk, seqs `from`…`to`. */
export type PendingBatch = { desk: string; from: number; to: number };

export type EventStoreOptions = {
  /** The server's own clock: `received_at` of every stored event. */
  now?: () => number;
  /**
   * Runs inside the push transaction after the batch is written and before
   * it commits. Only the kill-mid-batch test uses it, to know the moment a
   * batch is in flight.
   */
  beforeCommit?: (batch: PendingBatch) => Promise<void>;
};

/** An event the server writes into a chain it keeps itself (crew answers): the journal's input fields. */
export type OwnEvent = Pick<JournalEvent, 'ts' | 'actor' | 'type' | 'subject' | 'data' | 'reason'>;

/** When the server stored one of a desk's events, by its own clock and order. */
export type Receipt = { seq: number; gseq: number; receivedAt: number };

/** The organisation's copy of every desk's journal, in PostgreSQL or PGlite. */
export class EventStore {
  private readonly now: () => number;

  constructor(
    private readonly db: ServerDatabase,
    private readonly options: EventStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  async head(desk: string): Promise<ChainHead> {
    return headOf(this.db, desk);
  }

  /**
   * Stores a desk's batch: events the server holds already must be identical
   * (same id and hash at that seq) and are counted, not copied; the rest must
   * continue the desk's chain. Either the whole batch is applied or nothing.
   */
  async push(desk: string, events: readonly JournalEvent[]): Promise<PushResult> {
    checkBatch(desk, events);
    try {
      return await this.db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [PUSH_LOCK]);
        const head = await headOf(tx, desk);
        const known = events.filter((e) => e.seq <= head.seq);
        const fresh = events.filter((e) => e.seq > head.seq);
        await checkKnown(tx, desk, known, head);
        // checkBatch has verified every hash already, outside the lock.
        const broken = chainBreak(desk, head, fresh, null);
        if (broken?.kind === 'record') throw new SyncRefusal('invalid', broken.reason);
        if (broken) {
          throw new SyncRefusal(
            'chain',
            `batch does not extend desk ${desk}'s chain (server holds seq 1–${head.seq}): ${broken.reason}`,
            head,
          );
        }
        const last = fresh.at(-1);
        if (!last) return { stored: 0, duplicates: known.length, head };
        const receivedAt = this.now();
        await insertEvents(tx, fresh, receivedAt);
        await setHead(tx, desk, last, receivedAt);
        await indexCrewLinks(tx, desk, fresh);
        await this.options.beforeCommit?.({ desk, from: fresh[0]?.seq ?? last.seq, to: last.seq });
        return { stored: fresh.length, duplicates: known.length, head: { seq: last.seq, hash: last.hash } };
      });
    } catch (error) {
      if ((error as { code?: unknown }).code === '23505') {
        throw new SyncRefusal(
          'conflict',
          `an event id of this batch is already stored for another record: ${(error as Error).message}`,
        );
      }
      throw error;
    }
  }

  /**
   * Runs `work` in one transaction, under the push lock, with `append` adding
   * events to the chain `desk` that the server writes itself (never a
   * registered desk's): whatever `work` writes and the events commit together.
   */
  async ownChain<T>(
    desk: string,
    work: (tx: Sql, append: (input: OwnEvent) => Promise<JournalEvent>) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [PUSH_LOCK]);
      let head = await headOf(tx, desk);
      const append = async (input: OwnEvent): Promise<JournalEvent> => {
        const at = this.now();
        const unhashed = {
          ...input,
          id: uuidv7(at, randomBytes(10)),
          seq: head.seq + 1,
          desk,
          prevHash: head.hash,
        };
        const event: JournalEvent = { ...unhashed, hash: eventHash(unhashed) };
        await insertEvents(tx, [event], at);
        await setHead(tx, desk, event, at);
        head = { seq: event.seq, hash: event.hash };
        return event;
      };
      return work(tx, append);
    });
  }

  /** Other desks' events after `after` in server order, and newer shared configuration. */
  async pull(desk: string, query: PullQuery): Promise<PullResult> {
    // One statement, one snapshot: `top` and the page agree with each other.
    const [row] = await this.db.query<{ top: string; page: StoredRow[] | string }>(
      `SELECT (SELECT coalesce(max(gseq), 0) FROM events)::text AS top,
              coalesce((SELECT json_agg(p ORDER BY p.gseq) FROM (
                SELECT ${COLUMNS} FROM events WHERE gseq > $1 AND desk <> $2 ORDER BY gseq LIMIT $3
              ) p), '[]'::json) AS page`,
      [query.after, desk, query.limit + 1],
    );
    const page: StoredRow[] = typeof row?.page === 'string' ? JSON.parse(row.page) : (row?.page ?? []);
    const more = page.length > query.limit;
    const rows = page.slice(0, query.limit);
    const lastRow = rows.at(-1);
    // With nothing more to send, the cursor moves past this desk's own events too.
    const next = more && lastRow ? Number(lastRow.gseq) : Math.max(query.after, Number(row?.top ?? 0));
    return {
      events: rows.map((r) => ({ gseq: Number(r.gseq), event: eventFromRow(r) })),
      next,
      more,
      config: await this.sharedConfigAfter(query.configRevision),
    };
  }

  /**
   * Records the server file's `shared` as a new revision unless it equals the
   * last revision that came from the file: a restart with the same file must
   * not roll back what desks published since. Returns the newest revision.
   */
  async setSharedConfig(data: unknown): Promise<SharedConfig> {
    const text = canonicalJson(data);
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [PUSH_LOCK]);
      const [fromFile] = await tx.query<{ data: string }>(
        'SELECT data FROM shared_config WHERE desk IS NULL ORDER BY revision DESC LIMIT 1',
      );
      if (fromFile?.data !== text) {
        await tx.query('INSERT INTO shared_config (data, set_at) VALUES ($1, $2)', [text, this.now()]);
      }
      const [latest] = await tx.query<{ revision: string; data: string }>(
        'SELECT revision::text AS revision, data FROM shared_config ORDER BY revision DESC LIMIT 1',
      );
      return { revision: Number(latest?.revision), data: JSON.parse(latest?.data ?? 'null') };
    });
  }

  /**
   * Stores a desk's revision while `base` is still the newest here. The same
   * data as the newest is answered as that revision (a publish retried after
   * a lost reply); anything else published since `base` is a conflict, named.
   */
  async publishSharedConfig(desk: string, request: PublishConfigRequest): Promise<PublishOutcome> {
    const text = canonicalJson(request.data);
    const hash = createHash('sha256').update(text, 'utf8').digest('hex');
    if (hash !== request.hash)
      throw new SyncRefusal('invalid', `body.hash: ${request.hash} is not the SHA-256 of the data (${hash})`);
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [PUSH_LOCK]);
      const [latest] = await tx.query<{
        revision: string;
        data: string;
        desk: string | null;
        set_at: string;
      }>(
        `SELECT revision::text AS revision, data, desk, set_at::text AS set_at
         FROM shared_config ORDER BY revision DESC LIMIT 1`,
      );
      const newest = Number(latest?.revision ?? 0);
      if (latest && latest.data === text) return { published: { revision: newest, hash } };
      if (newest !== request.base) {
        return {
          conflict: { revision: newest, desk: latest?.desk ?? null, setAt: Number(latest?.set_at ?? 0) },
        };
      }
      const [added] = await tx.query<{ revision: string }>(
        `INSERT INTO shared_config (data, set_at, desk, hash) VALUES ($1, $2, $3, $4)
         RETURNING revision::text AS revision`,
        [text, this.now(), desk, hash],
      );
      return { published: { revision: Number(added?.revision), hash } };
    });
  }

  /** One desk's events as stored, in seq order (audit and tests). */
  async readDesk(desk: string, afterSeq = 0, limit = 1000): Promise<JournalEvent[]> {
    const rows = await this.db.query<StoredRow>(
      `SELECT ${COLUMNS} FROM events WHERE desk = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [desk, afterSeq, limit],
    );
    return rows.map(eventFromRow);
  }

  /** When each of one desk's events reached the server, in seq order (audit of late or skewed desks). */
  async receipts(desk: string, afterSeq = 0, limit = 1000): Promise<Receipt[]> {
    const rows = await this.db.query<{ seq: string; gseq: string; received_at: string }>(
      `SELECT seq::text AS seq, gseq::text AS gseq, received_at::text AS received_at
       FROM events WHERE desk = $1 AND events.seq > $2 ORDER BY events.seq LIMIT $3`,
      [desk, afterSeq, limit],
    );
    return rows.map((r) => ({ seq: Number(r.seq), gseq: Number(r.gseq), receivedAt: Number(r.received_at) }));
  }

  private async sharedConfigAfter(revision: number): Promise<SharedConfig | null> {
    const [latest] = await this.db.query<{ revision: string; data: string }>(
      'SELECT revision::text AS revision, data FROM shared_config WHERE revision > $1 ORDER BY revision DESC LIMIT 1',
      [revision],
    );
    return latest ? { revision: Number(latest.revision), data: JSON.parse(latest.data) } : null;
  }
}

async function setHead(tx: Sql, desk: string, head: ChainHead, at: number): Promise<void> {
  await tx.query(
    `INSERT INTO desk_heads (desk, seq, hash, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (desk) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, updated_at = excluded.updated_at`,
    [desk, head.seq, head.hash, at],
  );
}

async function headOf(sql: Sql, desk: string): Promise<ChainHead> {
  const [row] = await sql.query<{ seq: string; hash: string }>(
    'SELECT seq::text AS seq, hash FROM desk_heads WHERE desk = $1',
    [desk],
  );
  return row ? { seq: Number(row.seq), hash: row.hash } : EMPTY_HEAD;
}

/** The shape of a batch, checked before taking the lock: one desk, consecutive seqs, honest hashes. */
function checkBatch(desk: string, events: readonly JournalEvent[]): void {
  const first = events[0];
  if (!first) throw new SyncRefusal('invalid', 'empty batch');
  events.forEach((event, i) => {
    const at = `events[${i}] (seq ${event.seq}, id ${event.id})`;
    if (event.desk !== desk)
      throw new SyncRefusal('forbidden', `${at} belongs to desk ${event.desk}, not ${desk}`);
    if (event.seq !== first.seq + i)
      throw new SyncRefusal('invalid', `${at}: a batch must be consecutive seqs`);
    if (eventHash(event) !== event.hash)
      throw new SyncRefusal('invalid', `${at}: hash does not match its contents`);
  });
}

/** Events at or below the head must be exactly what is stored. */
async function checkKnown(
  tx: Sql,
  desk: string,
  known: readonly JournalEvent[],
  head: ChainHead,
): Promise<void> {
  const first = known[0];
  const last = known.at(-1);
  if (!first || !last) return;
  const stored = await tx.query<{ seq: string; id: string; hash: string }>(
    'SELECT seq::text AS seq, id, hash FROM events WHERE desk = $1 AND seq BETWEEN $2 AND $3 ORDER BY seq',
    [desk, first.seq, last.seq],
  );
  const bySeq = new Map(stored.map((r) => [Number(r.seq), r]));
  for (const event of known) {
    const row = bySeq.get(event.seq);
    if (!row) {
      throw new SyncRefusal('chain', `desk ${desk} seq ${event.seq} is missing on the server`, head);
    }
    if (row.id !== event.id || row.hash !== event.hash) {
      throw new SyncRefusal(
        'conflict',
        `desk ${desk} seq ${event.seq}: the server holds id ${row.id} hash ${row.hash.slice(0, 12)}…, ` +
          `the desk sent id ${event.id} hash ${event.hash.slice(0, 12)}… — the two copies of the journal disagree`,
        head,
      );
    }
  }
}

async function insertEvents(tx: Sql, events: readonly JournalEvent[], receivedAt: number): Promise<void> {
  // One JSON parameter carries the batch: the same SQL works through pg and PGlite.
  const rows = events.map((e) => ({
    id: e.id,
    desk: e.desk,
    seq: e.seq,
    ts: e.ts,
    actor_user: e.actor.user,
    actor_role: e.actor.role,
    type: e.type,
    subject: e.subject,
    data: canonicalJson(e.data),
    reason: e.reason,
    prev_hash: e.prevHash,
    hash: e.hash,
  }));
  await tx.query(
    `INSERT INTO events (id, desk, seq, ts, actor_user, actor_role, type, subject, data, reason, prev_hash, hash, received_at)
     SELECT r.id, r.desk, r.seq, r.ts, r.actor_user, r.actor_role, r.type, r.subject, r.data, r.reason, r.prev_hash, r.hash, $2
     FROM jsonb_to_recordset($1::jsonb) AS r(id text, desk text, seq bigint, ts bigint, actor_user text, actor_role text,
       type text, subject text, data text, reason text, prev_hash text, hash text)
     ORDER BY r.seq`,
    [JSON.stringify(rows), receivedAt],
  );
}
