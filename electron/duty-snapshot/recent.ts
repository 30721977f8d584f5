import type { Journal } from '../store/journal';

/**
 * The first seq (≤ `last`) whose event is at or after `ts`, by bisection on
 * seq: a desk's clock mostly moves forward with seq, and the caller asks
 * with a margin wide enough for a clock step back.
 */
export function firstSeqFrom(journal: Journal, ts: number, last: number): number {
  let low = 1;
  let high = last;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    const [event] = journal.read({ afterSeq: mid - 1, limit: 1 });
    if (event && event.ts < ts) low = mid + 1;
    else high = mid;
  }
  return low;
}
