import { canonicalJson } from '../../shared/journal/canonical-json';
import { GENESIS_HASH } from '../../shared/journal/event';
import { fieldsHash } from './hash';
import { type Row, rowFields } from './journal-rows';

export type VerifyResult = { ok: true; count: number } | { ok: false; brokenAt: number; reason: string };

/** Where a chunked verification stands: the last event checked and its hash. */
export type ChainPoint = { seq: number; hash: string };

export type ChunkResult =
  | { ok: true; checked: number; last: ChainPoint }
  | { ok: false; brokenAt: number; reason: string };

/** The start of every chain. */
export const CHAIN_START: ChainPoint = { seq: 0, hash: GENESIS_HASH };

/** The chain a row must extend: whose journal it is, and whether the file has the current layout. */
export type ChainOwner = { deskId: string; lean: boolean };

/**
 * Why `row` does not extend the chain at `expected` after `prevHash`, or
 * undefined when it does: seq without gaps, data in canonical form, this
 * desk's, the previous hash, and its own hash recomputed. The same check
 * serves verify and a restore (appendVerbatim), so both name a break alike.
 */
export function chainBreak(
  row: Row,
  expected: number,
  prevHash: string,
  owner: ChainOwner,
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
  if (row.desk !== owner.deskId) {
    return {
      brokenAt: row.seq,
      reason: `${at}: desk ${row.desk} is not this journal's desk ${owner.deskId}`,
    };
  }
  if (row.prev_hash !== prevHash) {
    return { brokenAt: row.seq, reason: `${at}: prev_hash does not match the hash of seq ${row.seq - 1}` };
  }
  if (fieldsHash(rowFields(row)) !== row.hash) {
    // In the current layout the previous hash is the previous row's, so it may be that row's hash that was changed.
    const what = owner.lean
      ? 'hash does not match its contents and the hash of the event before it (this event, or that hash, was altered after it was written)'
      : 'hash does not match its contents (altered after it was written)';
    return { brokenAt: row.seq, reason: `${at}: ${what}` };
  }
  return undefined;
}
