import { canonicalJson } from '../../shared/journal/canonical-json';
import { GENESIS_HASH, type JournalEvent } from '../../shared/journal/event';
import type { EventRow } from '../../shared/journal/row';
import type { HashedFields } from './hash';

/** A row as every read selects it (see LEAN_ROW and WIDE_ROW). */
export type Row = EventRow & { seq: number; ts: number };

/**
 * A stored row as every read sees it, whichever layout the file has: the
 * current one (schema 5) keeps id and hash as BLOBs and neither the desk
 * (meta holds it) nor the previous hash (the previous row holds it); older
 * files, which the verify command opens without upgrading them, keep all
 * twelve as text. Both come out of SQL as the same text row.
 */
export const LEAN_ROW =
  // An uncorrelated subquery, which SQLite evaluates once per statement.
  `j.seq, ${uuidText('j.id')} AS id, j.ts, (SELECT value FROM meta WHERE key = 'desk_id') AS desk, j.actor_user, j.actor_role, j.type, j.subject, ` +
  // hex(NULL) is '', not NULL. A missing previous row (a broken chain) gives '', which no check accepts.
  `j.data, j.reason, CASE WHEN p.seq IS NOT NULL THEN lower(hex(p.hash)) WHEN j.seq = 1 THEN '${GENESIS_HASH}' ELSE '' END AS prev_hash, ` +
  'lower(hex(j.hash)) AS hash';
/** Joined after `journal AS j` wherever LEAN_ROW is selected. */
export const LEAN_JOIN = ' LEFT JOIN journal AS p ON p.seq = j.seq - 1';
/**
 * An event's columns without the chain's (no join to the row before, no
 * hashes): what a replay reads. The desk comes from the journal itself.
 */
export const PLAIN_LEAN_ROW = `j.seq, ${uuidText('j.id')} AS id, j.ts, j.actor_user, j.actor_role, j.type, j.subject, j.data, j.reason`;
export const PLAIN_WIDE_ROW =
  'j.seq, j.id, j.ts, j.desk, j.actor_user, j.actor_role, j.type, j.subject, j.data, j.reason';
/** `desk` only from an older file, which keeps it on every row. */
export type PlainRow = Omit<Row, 'desk' | 'prev_hash' | 'hash'> & { desk?: string };
export const WIDE_ROW =
  'j.seq, j.id, j.ts, j.desk, j.actor_user, j.actor_role, j.type, j.subject, j.data, j.reason, j.prev_hash, j.hash';

/** The columns an insert writes in the current layout, and one row of values for them. */
export const COLUMNS = 'seq, id, ts, actor_user, actor_role, type, subject, data, reason, hash';
export const VALUES = "(?, unhex(?, '-'), ?, ?, ?, ?, ?, ?, ?, unhex(?))";
export const COLUMN_COUNT = 10;

/** SQL for the text form (lower-case, with dashes) of a 16-byte UUID column. */
function uuidText(column: string): string {
  const part = (from: number, length: number) => `substr(hex(${column}), ${from}, ${length})`;
  return `lower(${part(1, 8)} || '-' || ${part(9, 4)} || '-' || ${part(13, 4)} || '-' || ${part(17, 4)} || '-' || ${part(21, 12)})`;
}

/** An event as a row of the journal or of sync_inbound, its data as the canonical text. */
export function eventRow(event: JournalEvent, canonicalData = canonicalJson(event.data)): Row {
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
export function rowValues(row: Row): unknown[] {
  return [
    row.seq,
    row.id,
    row.ts,
    row.actor_user,
    row.actor_role,
    row.type,
    row.subject,
    row.data,
    row.reason,
    row.hash,
  ];
}

/** What the hash of a stored row covers. */
export function rowFields(row: Row): HashedFields {
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
