import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { z } from 'zod';

/**
 * A small JSON file of derived data beside the journal (a checkpoint, a
 * snapshot): read back only when it parses and passes its schema, written
 * whole (write then rename) so a crash leaves the old one or the new one.
 */
export function readDerived<T>(
  file: string,
  schema: z.ZodType<T>,
  what: string,
): { value: T | null; problem: string | null } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { value: null, problem: code === 'ENOENT' ? null : (error as Error).message };
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return { value: parsed.data, problem: null };
    return { value: null, problem: `not ${what}: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  } catch (error) {
    return { value: null, problem: `not ${what}: ${(error as Error).message}` };
  }
}

export function writeDerived(file: string, value: unknown): void {
  const temporary = `${file}.tmp`;
  try {
    writeFileSync(temporary, `${JSON.stringify(value)}\n`);
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}
