import { hash } from 'node:crypto';
import { hashInput, type JournalEvent } from '../../shared/journal/event';

/** SHA-256 of the event's hash input (see hashInput), lower-case hex. */
export function eventHash(event: Omit<JournalEvent, 'hash'>): string {
  return hash('sha256', hashInput(event), 'hex');
}

/** The fields of an event that its hash covers, with `data` already in canonical JSON. */
export type HashedFields = {
  prevHash: string;
  id: string;
  seq: number;
  ts: number;
  desk: string;
  actorUser: string;
  actorRole: string;
  type: string;
  subject: string;
  canonicalData: string;
  reason: string | null;
};

/**
 * The same hash as eventHash, over exactly the text hashInput spells, written out field by field:
 * the body's keys in canonical (sorted) order, strings as JSON.stringify
 * quotes them (the schema refuses lone surrogates), seq and ts as integers,
 * and `data` taken as the canonical text already made for storage. This is
 * what keeps appending and verifying from building the canonical JSON of
 * every event twice; a unit test holds it equal to eventHash.
 */
export function fieldsHash(f: HashedFields): string {
  const q = JSON.stringify;
  const text =
    `${f.prevHash}\n{"actor":{"role":${quoted(f.actorRole)},"user":${quoted(f.actorUser)}},` +
    `"data":${f.canonicalData},"desk":${quoted(f.desk)},"id":${q(f.id)},` +
    `"reason":${f.reason === null ? 'null' : q(f.reason)},"seq":${f.seq},"subject":${quoted(f.subject)},` +
    `"ts":${f.ts},"type":${quoted(f.type)}}`;
  // V8 keeps the concatenation as a tree of pieces, which the hash would
  // encode piece by piece; reading one character makes it one flat string
  // first, which measured a sixth faster.
  text.charCodeAt(0);
  // One-shot hash: a Hash object per event costs more than the digest itself.
  return hash('sha256', text, 'hex');
}

const QUOTED_LIMIT = 4096;
const quotedCache = new Map<string, string>();

/**
 * JSON.stringify of a string that recurs from event to event (desk, actor,
 * type, subject), remembered: quoting them anew was a quarter of the hash's
 * time. Bounded by starting over when full.
 */
function quoted(text: string): string {
  let known = quotedCache.get(text);
  if (known === undefined) {
    known = JSON.stringify(text);
    if (quotedCache.size >= QUOTED_LIMIT) quotedCache.clear();
    quotedCache.set(text, known);
  }
  return known;
}
