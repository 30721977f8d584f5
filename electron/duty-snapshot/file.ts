import { z } from 'zod';
import { readDerived, writeDerived } from '../store/derived-file';

/**
 * The duty-state snapshot: which alarms, work orders and applications were
 * open (or touched in the last day) when the journal stood at `seq`, and the
 * chain's hash there. It names subjects and holds no record: on start every
 * event of those subjects up to `seq`, and every duty event after it, is
 * read from the journal again and replayed. It is derived data in a file
 * beside the journal; deleting it costs one full replay, never a record.
 */
export const DutySnapshot = z.object({
  version: z.literal(1),
  seq: z.int().min(0),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** Desk time when it was taken. */
  takenAt: z.number(),
  subjects: z.array(z.string().min(1)),
});
export type DutySnapshot = z.infer<typeof DutySnapshot>;

export function snapshotFile(journalFile: string): string {
  return `${journalFile}.duty.json`;
}

/** The snapshot, or null with why (a null problem: there is none yet). */
export function readSnapshot(file: string): { snapshot: DutySnapshot | null; problem: string | null } {
  const { value, problem } = readDerived(file, DutySnapshot, 'a duty snapshot');
  return { snapshot: value, problem };
}

export function writeSnapshot(file: string, snapshot: DutySnapshot): void {
  writeDerived(file, snapshot);
}
