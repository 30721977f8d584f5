import { z } from 'zod';
import { NoParams } from './method';

export const VerifyScope = z.enum(['tail', 'full']);
export type VerifyScope = z.infer<typeof VerifyScope>;

/**
 * The result of re-checking the journal's hash chain. `broken` names the
 * first event that does not follow from the one before; nothing after it
 * can be trusted and nothing was repaired.
 */
export const IntegrityView = z.discriminatedUnion('state', [
  z.object({ state: z.literal('pending') }),
  z.object({
    state: z.literal('verifying'),
    checked: z.int().min(0),
    total: z.int().min(0),
    /** `tail`: only the events after the last verified checkpoint (at start); `full`: the whole chain. */
    scope: VerifyScope,
  }),
  z.object({
    state: z.literal('ok'),
    count: z.int().min(0),
    verifiedAt: z.number(),
    /** The checkpoint this run started from: 0 when it checked the whole chain. */
    from: z.int().min(0),
    /** When the whole chain was last checked from its first event; null before the first full check. */
    fullAt: z.number().nullable(),
  }),
  z.object({
    state: z.literal('broken'),
    brokenAt: z.int().min(1),
    reason: z.string(),
    verifiedAt: z.number(),
  }),
  z.object({ state: z.literal('failed'), error: z.string(), verifiedAt: z.number() }),
]);
export type IntegrityView = z.infer<typeof IntegrityView>;

export const BackupView = z.object({
  /** Null when backups are switched off in the configuration. */
  dir: z.string().nullable(),
  lastFullAt: z.number().nullable(),
  lastIncrementalAt: z.number().nullable(),
  /** The last journal seq a backup holds. */
  lastSeq: z.int().min(0),
  lastError: z.string().nullable(),
  lastErrorAt: z.number().nullable(),
  nextFullAt: z.number().nullable(),
  nextIncrementalAt: z.number().nullable(),
});
export type BackupView = z.infer<typeof BackupView>;

export const HistoryStoreView = z.object({
  bytes: z.int().min(0),
  rawRows: z.int().min(0),
  oldestRawTs: z.number().nullable(),
  /** Samples accepted but not yet written (lost on a crash; at most about a second's worth). */
  pending: z.int().min(0),
  /** Samples dropped because the buffer was full or their write failed: the disk cannot keep up, or is full. */
  dropped: z.int().min(0),
  /** Why history is not being kept (its file would not open, or the last write failed: a full or read-only disk); the desk runs on without it. */
  error: z.string().nullable(),
});
export type HistoryStoreView = z.infer<typeof HistoryStoreView>;

/** Why the journal cannot be written: its disk is full, or its folder turned read-only. */
export const StorageFault = z.enum(['full', 'read-only']);
export type StorageFault = z.infer<typeof StorageFault>;

/**
 * Whether the journal takes appends. While it does not, every action that
 * must be journalled is refused with `reason`; the wall keeps running and
 * nothing recorded is lost. Cleared by the next write that reaches the disk.
 */
export const JournalWritable = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), cause: StorageFault, reason: z.string(), since: z.number() }),
]);
export type JournalWritable = z.infer<typeof JournalWritable>;

export const StoreStatus = z.object({
  journal: z.object({ events: z.int().min(0), bytes: z.int().min(0), writable: JournalWritable }),
  integrity: IntegrityView,
  backup: BackupView,
  history: HistoryStoreView,
});
export type StoreStatus = z.infer<typeof StoreStatus>;

export const storeMethods = {
  'store.status': { params: NoParams, result: StoreStatus, permission: 'read' },
  /** Starts a full check of the whole chain now (it also runs on a schedule); a check already running continues. */
  'store.verify': { params: NoParams, result: IntegrityView, permission: 'read' },
} as const;

export const storeEvents = {
  /** Integrity, backup or writable state changed: the full status, so clients need no refetch. */
  'store.changed': StoreStatus,
} as const;
