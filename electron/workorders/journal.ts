import type { JournalEntry } from '../alarms/recorded';

/** What the duty services need of the journal: a durable record per step, with its id back. */
export type DutyJournal = {
  record(entry: JournalEntry): { id: string };
};

/** Refused by a work-order or application rule; the text is the operator's explanation. */
export class DutyRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DutyRefusal';
  }
}

/** `WO-0007` style ids: short enough to say over the phone to a crew. */
export function nextId(prefix: string, taken: Iterable<string>): string {
  let max = 0;
  for (const id of taken) max = Math.max(max, idNumber(prefix, id));
  return `${prefix}-${String(max + 1).padStart(4, '0')}`;
}

/** The number of a `${prefix}-0007` id; 0 for an id not of that form. */
export function idNumber(prefix: string, id: string): number {
  const n = Number(id.slice(prefix.length + 1));
  return id.startsWith(`${prefix}-`) && Number.isSafeInteger(n) ? n : 0;
}
