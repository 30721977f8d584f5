import { z } from 'zod';
import { readDerived, writeDerived } from './derived-file';

/**
 * How far the hash chain has been verified: the last event checked, its
 * hash, and when the whole chain was last checked from the first event.
 * A start then checks only the events after it. It is derived data in a
 * file beside the journal: deleting it (or a copy that does not match the
 * chain) only costs one full check, never a record.
 */
export const VerifyCheckpoint = z.object({
  seq: z.int().min(0),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  fullAt: z.number().nullable(),
});
export type VerifyCheckpoint = z.infer<typeof VerifyCheckpoint>;

export function checkpointFile(journalFile: string): string {
  return `${journalFile}.verified.json`;
}

/** The checkpoint, or null when there is none or it cannot be read (the caller then checks everything). */
export function readCheckpoint(file: string): {
  checkpoint: VerifyCheckpoint | null;
  problem: string | null;
} {
  const { value, problem } = readDerived(file, VerifyCheckpoint, 'a checkpoint');
  return { checkpoint: value, problem };
}

/** Replaces the checkpoint whole, so a crash leaves the old one or the new one. */
export function writeCheckpoint(file: string, checkpoint: VerifyCheckpoint): void {
  writeDerived(file, checkpoint);
}
