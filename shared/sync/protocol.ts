import { z } from 'zod';
import { JournalEvent, JsonValue } from '../journal/event';

/**
 * The sync protocol between a desk and the organisation's server, over
 * HTTP with JSON bodies. Both sides parse every message with these schemas.
 *
 * - Push: a desk sends its own journal events in seq order. The server stores
 *   an event once per id; a batch must continue the chain the server holds for
 *   that desk (seq + 1, prevHash = the stored head's hash) or it is refused
 *   whole. Events the server already has are accepted again without a copy,
 *   so a batch repeated after a lost reply is harmless.
 * - Pull: a desk reads other desks' events in the server's global order
 *   (`gseq`, assigned at commit), never by the desks' clocks, plus the latest
 *   shared configuration, each by its own cursor.
 */

export const SYNC_PATHS = {
  head: '/v1/head',
  push: '/v1/push',
  pull: '/v1/pull',
  config: '/v1/config',
} as const;

/** The most events one push or pull carries; a desk behind by more sends several. */
export const MAX_BATCH = 1000;

/** Where a desk's chain ends on the server: seq 0 and the genesis hash before its first event. */
export const ChainHead = z.object({
  seq: z.int().min(0),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ChainHead = z.infer<typeof ChainHead>;

export const HeadResult = z.object({ desk: z.string(), head: ChainHead });
export type HeadResult = z.infer<typeof HeadResult>;

export const PushRequest = z
  .object({
    desk: z.string().min(1).max(200),
    events: z.array(JournalEvent).min(1).max(MAX_BATCH),
  })
  .strict();
export type PushRequest = z.infer<typeof PushRequest>;

export const PushResult = z.object({
  /** Events stored by this request. */
  stored: z.int().min(0),
  /** Events the server already had, identical, and did not store again. */
  duplicates: z.int().min(0),
  head: ChainHead,
});
export type PushResult = z.infer<typeof PushResult>;

export const PullQuery = z.object({
  /** The last gseq this desk has ingested; 0 at first. */
  after: z.coerce.number().int().min(0),
  limit: z.coerce.number().int().min(1).max(MAX_BATCH).default(500),
  /** The shared configuration revision this desk holds; 0 for none. */
  configRevision: z.coerce.number().int().min(0).default(0),
});
export type PullQuery = z.infer<typeof PullQuery>;

export const PulledEvent = z.object({ gseq: z.int().min(1), event: JournalEvent });
export type PulledEvent = z.infer<typeof PulledEvent>;

export const SharedConfig = z.object({ revision: z.int().min(1), data: JsonValue });
export type SharedConfig = z.infer<typeof SharedConfig>;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex');

/**
 * A desk publishes a shared configuration revision: `base` is the newest
 * revision it has seen (0 for none). The server stores it only while `base`
 * is still the newest there, so a revision published meanwhile by another
 * desk is never overwritten unseen; `hash` (SHA-256 of the canonical JSON of
 * `data`) lets the server check it stores what the desk journalled.
 */
export const PublishConfigRequest = z
  .object({ base: z.int().min(0), data: JsonValue, hash: Sha256 })
  .strict();
export type PublishConfigRequest = z.infer<typeof PublishConfigRequest>;

export const PublishConfigResult = z.object({ revision: z.int().min(1), hash: Sha256 });
export type PublishConfigResult = z.infer<typeof PublishConfigResult>;

export const PullResult = z.object({
  events: z.array(PulledEvent),
  /** The cursor for the next pull: the last gseq returned, or `after` unchanged. */
  next: z.int().min(0),
  /** True when more events wait after `next`. */
  more: z.boolean(),
  /** The newest shared configuration, when newer than the revision the desk holds. */
  config: SharedConfig.nullable(),
});
export type PullResult = z.infer<typeof PullResult>;

/**
 * Why the server refused a request. `chain` is a push that does not extend
 * the desk's chain (the reply carries the server's head so the desk can
 * resume from it); `conflict` is an event whose seq or id the server holds
 * with different contents — the two copies of the record disagree.
 */
export const SyncErrorCode = z.enum([
  'unauthorized',
  'forbidden',
  'invalid',
  'chain',
  'conflict',
  'internal',
]);
export type SyncErrorCode = z.infer<typeof SyncErrorCode>;

export const SyncErrorBody = z.object({
  error: z.object({ code: SyncErrorCode, message: z.string(), head: ChainHead.optional() }),
});
export type SyncErrorBody = z.infer<typeof SyncErrorBody>;
