import { z } from 'zod';
import { readDerived, writeDerived } from '../store/derived-file';

const Seq = z.int().min(1);

/**
 * The duty-state snapshot: the alarms, work orders and applications the
 * duty state held when the journal stood at `seq` (every alarm point, the
 * work orders and applications open or touched in the last day, and what
 * they refer to), each with the seqs of the events that bring it back, the
 * seqs of the notify and escalation events that say what went out for them
 * (sent-index.ts), and the chain's hash there. It holds no record: on start those events, and
 * every duty, notify and escalation event after `seq`, are read from the journal again and
 * replayed; the closed work orders and applications it leaves out come
 * back from the journal after the queue. It is derived data in a file
 * beside the journal; deleting it costs one full replay, never a record.
 */
export const DutySnapshot = z.object({
  version: z.literal(3),
  seq: z.int().min(0),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** Desk time when it was taken. */
  takenAt: z.number(),
  /** Per subject, the seqs to replay (ascending) and, for an alarm, its incident starts among them (seq, time). */
  subjects: z.record(
    z.string().min(1),
    z.object({ seqs: z.array(Seq), starts: z.array(z.tuple([Seq, z.number()])) }),
  ),
  /** The notify and escalation events to read again (ascending): what went out for these subjects, and what is on its way. */
  sent: z.array(Seq),
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
