import { z } from 'zod';
import { canonicalJson } from './canonical-json';
import { UUIDV7 } from './uuidv7';

/** The `prevHash` of the first event of a journal. */
export const GENESIS_HASH = '0'.repeat(64);

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Text that SQLite (UTF-8) and the sync server store unchanged: a lone
 * surrogate would come back as U+FFFD and the record would no longer match
 * its hash.
 */
const Text = z.string().refine((s) => !LONE_SURROGATE.test(s), 'contains a lone UTF-16 surrogate');
const Name = Text.min(1).max(200);
const Hash = z.string().regex(/^[0-9a-f]{64}$/, 'not a lower-case hex SHA-256');

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Any JSON value that has a canonical spelling; canonicalJson does the
 * checking, so a refusal names the exact place in the value.
 */
export const JsonValue = z.custom<JsonValue>().superRefine((value, ctx) => {
  try {
    canonicalJson(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

/** Who did it: the signed-in user and the role they acted in. */
export const Actor = z.object({ user: Name, role: Name });
export type Actor = z.infer<typeof Actor>;

/**
 * One record of the journal. `seq` orders a desk's events (1, 2, …, no
 * gaps); `id` names the event everywhere (sync is idempotent by id); `ts` is
 * when it happened by the desk's clock and is not forced to follow `seq`.
 */
export const JournalEvent = z.object({
  id: z.string().regex(UUIDV7, 'not a lower-case UUIDv7'),
  seq: z.int().min(1),
  ts: z.int().min(0),
  desk: Name,
  actor: Actor,
  type: Name,
  subject: Name,
  data: JsonValue,
  reason: Text.nullable(),
  prevHash: Hash,
  hash: Hash,
});
export type JournalEvent = z.infer<typeof JournalEvent>;

/** An event as a replay reads it: without the chain's hashes, which only verify and sync need. */
export type StoredEvent = Omit<JournalEvent, 'prevHash' | 'hash'>;

/** What a caller supplies; the journal adds id, seq, desk and the hashes. */
export const JournalInput = z.object({
  type: Name,
  subject: Name,
  data: JsonValue,
  reason: Text.nullable().optional(),
  actor: Actor,
  ts: z.int().min(0).optional(),
});
export type JournalInput = z.input<typeof JournalInput>;

/**
 * The exact text whose SHA-256 (of its UTF-8 bytes, lower-case hex) is an
 * event's `hash`: the previous event's hash, a newline, then the canonical
 * JSON of every other field. Naming the fields here, rather than hashing the
 * whole object, keeps extra properties a caller may carry out of the hash.
 */
export function hashInput(event: Omit<JournalEvent, 'hash'>): string {
  const { id, seq, ts, desk, actor, type, subject, data, reason } = event;
  const body = {
    id,
    seq,
    ts,
    desk,
    actor: { user: actor.user, role: actor.role },
    type,
    subject,
    data,
    reason,
  };
  return `${event.prevHash}\n${canonicalJson(body)}`;
}
