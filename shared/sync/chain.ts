import { GENESIS_HASH, type JournalEvent } from '../journal/event';
import type { ChainHead } from './protocol';

/** The head of a desk that has sent nothing yet. */
export const EMPTY_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH };

/**
 * `link`: the event does not follow the one before (seq or prevHash) — the
 * two sides disagree about where the chain ends. `record`: the event itself
 * is wrong (another desk's, or contents that do not match its hash).
 */
export type ChainBreak = { seq: number; kind: 'link' | 'record'; reason: string };

/**
 * Whether `events`, in order, continue one desk's chain from `head`: each
 * from `desk`, seq one more than the last, prevHash equal to the last hash,
 * and hash equal to its recomputation (`hashOf`: SHA-256, which the caller
 * brings because shared/ has no I/O; null when the caller has already
 * checked every hash). Returns the first break, or null.
 */
export function chainBreak(
  desk: string,
  head: ChainHead,
  events: readonly JournalEvent[],
  hashOf: ((event: Omit<JournalEvent, 'hash'>) => string) | null,
): ChainBreak | null {
  let seq = head.seq;
  let hash = head.hash;
  for (const event of events) {
    const at = `event seq ${event.seq} (id ${event.id})`;
    if (event.desk !== desk)
      return { seq: event.seq, kind: 'record', reason: `${at} belongs to desk ${event.desk}, not ${desk}` };
    if (event.seq !== seq + 1) {
      return {
        seq: event.seq,
        kind: 'link',
        reason: `${at} does not follow seq ${seq}: expected seq ${seq + 1}`,
      };
    }
    if (event.prevHash !== hash) {
      return {
        seq: event.seq,
        kind: 'link',
        reason: `${at}: prevHash does not match the hash of seq ${seq}`,
      };
    }
    if (hashOf && hashOf(event) !== event.hash) {
      return { seq: event.seq, kind: 'record', reason: `${at}: hash does not match its contents` };
    }
    seq = event.seq;
    hash = event.hash;
  }
  return null;
}
