/**
 * How a backup folder is laid out, so the scheduler, the restore command and
 * an operator with a file manager all read it the same way:
 *
 *   full-20261123T200000Z/      one full copy: manifest.json, journal.sqlite, history.sqlite
 *   incr-000000000101-000000000250.ndjson   journal events 101…250, one JSON event per line
 *
 * Anything starting with "." is work in progress and ignored.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const MANIFEST = 'manifest.json';
export const JOURNAL_FILE = 'journal.sqlite';
export const HISTORY_FILE = 'history.sqlite';

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const FullManifest = z.object({
  format: z.literal('dutydesk-backup'),
  version: z.literal(1),
  kind: z.literal('full'),
  createdAt: z.number(),
  deskId: z.string(),
  journal: z.object({
    file: z.literal(JOURNAL_FILE),
    sha256: Hex64,
    lastSeq: z.int().min(0),
    lastHash: Hex64,
  }),
  history: z.object({ file: z.literal(HISTORY_FILE), sha256: Hex64 }).nullable(),
});
export type FullManifest = z.infer<typeof FullManifest>;

export type FullBackup = { dir: string; manifest: FullManifest };
export type IncrementalBackup = { file: string; fromSeq: number; toSeq: number; writtenAt: number };

const FULL_NAME = /^full-\d{8}T\d{6}Z(-\d+)?$/;
const INCREMENTAL_NAME = /^incr-(\d{12})-(\d{12})\.ndjson$/;

export function fullName(at: number): string {
  return `full-${new Date(at)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')}`;
}

export function incrementalName(fromSeq: number, toSeq: number): string {
  return `incr-${String(fromSeq).padStart(12, '0')}-${String(toSeq).padStart(12, '0')}.ndjson`;
}

/** Backups found in `dir`, oldest first. A full backup with an unreadable manifest is an error, not skipped. */
export function scanBackups(dir: string): { fulls: FullBackup[]; incrementals: IncrementalBackup[] } {
  if (!existsSync(dir)) return { fulls: [], incrementals: [] };
  const fulls: FullBackup[] = [];
  const incrementals: IncrementalBackup[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (FULL_NAME.test(name)) {
      fulls.push({ dir: path, manifest: readManifest(path) });
      continue;
    }
    const incremental = INCREMENTAL_NAME.exec(name);
    if (incremental) {
      incrementals.push({
        file: path,
        fromSeq: Number(incremental[1]),
        toSeq: Number(incremental[2]),
        writtenAt: statSync(path).mtimeMs,
      });
    }
  }
  fulls.sort(
    (a, b) =>
      a.manifest.journal.lastSeq - b.manifest.journal.lastSeq || a.manifest.createdAt - b.manifest.createdAt,
  );
  incrementals.sort((a, b) => a.fromSeq - b.fromSeq || a.toSeq - b.toSeq);
  return { fulls, incrementals };
}

function readManifest(dir: string): FullManifest {
  const file = join(dir, MANIFEST);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: cannot be read (${(error as Error).message})`);
  }
  const parsed = FullManifest.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') || 'manifest'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** SHA-256 of a file, streamed so a large database never sits in memory. */
export function fileSha256(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
