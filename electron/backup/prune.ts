import { rmSync } from 'node:fs';
import { fsyncPath } from './durable';
import { type FullBackup, type IncrementalBackup, scanBackups } from './layout';

const DAY_MS = 86_400_000;

export type PruneResult = {
  /** Paths removed, oldest first. */
  removed: string[];
  /** Paths older than the keep window that stay because a restore needs them. */
  keptForRestore: string[];
};

/**
 * Which backups may go: only those older than `keepDays` (at least five
 * years, enforced by the config schema), and never the newest full backup
 * (the one restore starts from) nor an increment after it. Without any full
 * backup nothing goes. Age is the manifest's createdAt for a full backup and
 * the file's modification time for an increment; a copied folder only looks
 * younger, which keeps more, never less.
 */
export function backupsToPrune(
  found: { fulls: readonly FullBackup[]; incrementals: readonly IncrementalBackup[] },
  now: number,
  keepDays: number,
): PruneResult {
  const newest = found.fulls.at(-1);
  if (!newest) return { removed: [], keptForRestore: [] };
  const cutoff = now - keepDays * DAY_MS;
  const removed: { path: string; at: number }[] = [];
  const keptForRestore: string[] = [];
  for (const full of found.fulls) {
    if (full.manifest.createdAt >= cutoff) continue;
    if (full === newest) keptForRestore.push(full.dir);
    else removed.push({ path: full.dir, at: full.manifest.createdAt });
  }
  for (const increment of found.incrementals) {
    if (increment.writtenAt >= cutoff) continue;
    if (increment.toSeq > newest.manifest.journal.lastSeq) keptForRestore.push(increment.file);
    else removed.push({ path: increment.file, at: increment.writtenAt });
  }
  removed.sort((a, b) => a.at - b.at);
  return { removed: removed.map((r) => r.path), keptForRestore };
}

/**
 * Removes the backups `backupsToPrune` allows from `dir`. A folder that
 * cannot be read completely (e.g. a damaged manifest) removes nothing: the
 * scan throws before anything is touched.
 */
export function pruneBackups(dir: string, now: number, keepDays: number): PruneResult {
  const result = backupsToPrune(scanBackups(dir), now, keepDays);
  for (const path of result.removed) rmSync(path, { recursive: true, force: true });
  if (result.removed.length > 0) fsyncPath(dir);
  return result;
}
