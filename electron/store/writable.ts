/**
 * Whether the journal can be written. A full data disk or a data folder
 * that turned read-only must not stop the desk: the wall keeps showing the
 * fleet, every action that has to be journalled is refused with the reason,
 * and nothing already recorded is touched (a failed append rolls back).
 * The state clears by itself on the next commit that reaches the disk.
 */
import { accessSync, constants, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { ApiError } from '../../shared/api/frames';
import type { JournalWritable, StorageFault } from '../../shared/api/store';

/** What the operator reads when an action is refused: the cause and that nothing recorded is lost. */
export const STORAGE_REASONS: Record<StorageFault, string> = {
  full: 'the data disk is full: actions are refused until space is freed; nothing recorded so far is lost',
  'read-only':
    'the data folder is read-only: actions are refused until it can be written again; nothing recorded so far is lost',
};

/** Below this much free space a disk I/O error is taken for a full disk (a few WAL frames). */
const NEARLY_FULL_BYTES = 64 * 1024;

/** An append refused because the storage cannot take it; the contract carries it as `unavailable`. */
export class StoreUnavailable extends ApiError {
  constructor(
    readonly fault: StorageFault,
    options?: { cause?: unknown },
  ) {
    super('unavailable', STORAGE_REASONS[fault]);
    this.name = 'StoreUnavailable';
    if (options && 'cause' in options) this.cause = options.cause;
  }
}

/**
 * Whether an SQLite error on `file` means the storage is full or read-only.
 * SQLite names SQLITE_FULL and SQLITE_READONLY itself, but a write refused
 * by the file system after the file was opened (EROFS, ENOSPC on fsync)
 * reaches us only as SQLITE_IOERR "disk I/O error": then the folder is asked.
 */
export function storageFault(file: string, error: unknown): StorageFault | null {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return null;
  if (code.startsWith('SQLITE_FULL')) return 'full';
  if (code.startsWith('SQLITE_READONLY')) return 'read-only';
  if (!code.startsWith('SQLITE_IOERR')) return null;
  const dir = dirname(file);
  try {
    accessSync(dir, constants.W_OK);
  } catch (denied) {
    const errno = (denied as NodeJS.ErrnoException).code;
    if (errno === 'EROFS' || errno === 'EACCES' || errno === 'EPERM') return 'read-only';
  }
  try {
    const fs = statfsSync(dir);
    if (fs.bavail * fs.bsize < NEARLY_FULL_BYTES) return 'full';
  } catch {
    // A folder that cannot even be asked is not known to be full: the error is passed on as it is.
  }
  return null;
}

/** The journal's writable state with its listeners; `since` is when the current fault was first seen. */
export class WriteState {
  private view: JournalWritable = { ok: true };
  private readonly listeners = new Set<(view: JournalWritable) => void>();

  constructor(private readonly now: () => number) {}

  current(): JournalWritable {
    return this.view;
  }

  onChange(listener: (view: JournalWritable) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  failed(fault: StorageFault): void {
    if (!this.view.ok && this.view.cause === fault) return;
    this.set({ ok: false, cause: fault, reason: STORAGE_REASONS[fault], since: this.now() });
  }

  succeeded(): void {
    if (!this.view.ok) this.set({ ok: true });
  }

  private set(view: JournalWritable): void {
    this.view = view;
    for (const listener of this.listeners) listener(view);
  }
}
