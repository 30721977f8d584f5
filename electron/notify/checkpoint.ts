import { readFileSync, renameSync, writeFileSync } from 'node:fs';

/**
 * Where the outbox's replay may start: every notify event before `fromSeq`
 * belongs to a message that was settled. `before` is the id of the event
 * just before it, so a journal restored from an older backup, which has
 * other events at those seqs by now, is not taken for the same one.
 *
 * Derived data only: a missing, torn or foreign file means "replay from the
 * start", which costs time and nothing else, and a stale one means
 * replaying a little more. So it is written without fsync, now and then,
 * never on a send's path.
 */
export type Checkpoint = { desk: string; fromSeq: number; before: string | null };

/** The seq to replay from: the checkpoint's, if it still describes this journal, else 1. */
export function readCheckpoint(file: string, desk: string, idAt: (seq: number) => string | null): number {
  let parsed: Partial<Checkpoint>;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Checkpoint>;
  } catch {
    return 1;
  }
  const from = parsed.fromSeq;
  if (parsed.desk !== desk || typeof from !== 'number' || !Number.isSafeInteger(from) || from <= 1) return 1;
  return idAt(from - 1) === parsed.before ? from : 1;
}

export function writeCheckpoint(file: string, checkpoint: Checkpoint): void {
  const temp = `${file}.tmp`;
  writeFileSync(temp, `${JSON.stringify(checkpoint)}\n`);
  renameSync(temp, file);
}
