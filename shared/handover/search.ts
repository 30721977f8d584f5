import { searchableText, summarize } from './project';
import type { HandoverRecord, HandoverSummary } from './record';

/** What a handover search asks: shifts started in [from, to), naming a station, holding a text. */
export type HandoverQuery = {
  from?: number | undefined;
  to?: number | undefined;
  stationId?: string | undefined;
  text?: string | undefined;
};

/**
 * A record as the search reads it: its summary, and every text a search
 * may match with the lower-cased form the match compares. Kept instead of
 * the record, so a search over years of records projects none of them.
 */
export type SearchEntry = { summary: HandoverSummary; lines: string[]; lower: string[] };

export function searchEntry(record: HandoverRecord): SearchEntry {
  const lines = searchableText(record);
  return { summary: summarize(record, null), lines, lower: lines.map(lowered) };
}

/** One lower-casing for the entries and the needle, so they always compare alike. */
export const lowered = (text: string): string => text.toLocaleLowerCase();

/** The entry's summary when it passes the search, with the text that matched as its excerpt. */
export function matchEntry(entry: SearchEntry, query: HandoverQuery): HandoverSummary | null {
  const { summary } = entry;
  if (query.from !== undefined && summary.shift.startsAt < query.from) return null;
  if (query.to !== undefined && summary.shift.startsAt >= query.to) return null;
  if (query.stationId !== undefined && !summary.stations.includes(query.stationId)) return null;
  const needle = lowered(query.text ?? '');
  if (needle === '') return summary;
  const at = entry.lower.findIndex((t) => t.includes(needle));
  return at < 0 ? null : { ...summary, excerpt: entry.lines[at] ?? null };
}

/** Newest shift first; for one shift, this desk's own record, then other desks by id. */
export function bySearchOrder(a: HandoverSummary, b: HandoverSummary): number {
  return (
    b.shift.startsAt - a.shift.startsAt ||
    Number(a.desk !== null) - Number(b.desk !== null) ||
    (a.desk ?? '').localeCompare(b.desk ?? '')
  );
}
