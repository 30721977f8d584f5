import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

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
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { checkpoint: null, problem: code === 'ENOENT' ? null : (error as Error).message };
  }
  try {
    const parsed = VerifyCheckpoint.safeParse(JSON.parse(text));
    if (parsed.success) return { checkpoint: parsed.data, problem: null };
    return { checkpoint: null, problem: parsed.error.issues[0]?.message ?? 'not a checkpoint' };
  } catch (error) {
    return { checkpoint: null, problem: (error as Error).message };
  }
}

/** Replaces the checkpoint whole (write then rename), so a crash leaves the old one or the new one. */
export function writeCheckpoint(file: string, checkpoint: VerifyCheckpoint): void {
  const temporary = `${file}.tmp`;
  try {
    writeFileSync(temporary, `${JSON.stringify(checkpoint)}\n`);
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}
