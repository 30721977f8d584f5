import type { JournalEvent } from './event';

/**
 * An event as the SQL tables of the desk and the server hold it: one
 * column per field, data as its canonical text. PostgreSQL returns BIGINT
 * columns as text, hence the numbers that may come as strings.
 */
export type EventRow = {
  id: string;
  seq: number | string;
  ts: number | string;
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

export function eventFromRow(row: EventRow): JournalEvent {
  return {
    id: row.id,
    seq: Number(row.seq),
    ts: Number(row.ts),
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
