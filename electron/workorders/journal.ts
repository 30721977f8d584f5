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
  for (const id of taken) {
    const n = Number(id.slice(prefix.length + 1));
    if (id.startsWith(`${prefix}-`) && Number.isSafeInteger(n)) max = Math.max(max, n);
  }
  return `${prefix}-${String(max + 1).padStart(4, '0')}`;
}
