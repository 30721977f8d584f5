import type { Journal } from '../store/journal';

const PAGE = 5_000;

/**
 * The first seq (≤ `last`) whose event is at or after `ts`, by bisection on
 * seq: a desk's clock mostly moves forward with seq, and the caller asks
 * with a margin wide enough for a clock step back.
 */
function firstSeqFrom(journal: Journal, ts: number, last: number): number {
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

/**
 * Subjects of the events up to `last` recorded since `sinceTs` (and any
 * event after the first of those), that pass `keep`: what changed lately,
 * where chatter and flood windows and just-closed work orders live.
 */
export function recentSubjects(
  journal: Journal,
  last: number,
  sinceTs: number,
  keep: (type: string) => boolean,
): Set<string> {
  const subjects = new Set<string>();
  for (let afterSeq = firstSeqFrom(journal, sinceTs, last) - 1; afterSeq < last; ) {
    const page = journal.read({ afterSeq, limit: Math.min(PAGE, last - afterSeq) });
    for (const e of page) if (keep(e.type)) subjects.add(e.subject);
    const end = page.at(-1);
    if (!end) break;
    afterSeq = end.seq;
  }
  return subjects;
}
