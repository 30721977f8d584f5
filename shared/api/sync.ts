import { z } from 'zod';
import { NoParams } from './method';

/**
 * off: no sync configured; syncing: a push or pull is under way; ok: the last
 * attempt succeeded; offline: the server cannot be reached and the desk
 * retries with backoff (events queue locally meanwhile); error: the server
 * answered but refused (bad token, a journal that disagrees) — someone must look.
 */
export const SyncState = z.enum(['off', 'syncing', 'ok', 'offline', 'error']);
export type SyncState = z.infer<typeof SyncState>;

export const SyncStatus = z.object({
  state: SyncState,
  serverUrl: z.string().nullable(),
  /** This desk's id, which the server's desk registration must name. */
  deskId: z.string(),
  lastSuccessAt: z.number().nullable(),
  lastAttemptAt: z.number().nullable(),
  nextAttemptAt: z.number().nullable(),
  /** Journal events the server has not acknowledged yet. */
  pending: z.int().min(0),
  /** Other desks' events received and verified. */
  received: z.int().min(0),
  lastError: z.string().nullable(),
  /** The shared configuration revision held; 0 for none. */
  configRevision: z.int().min(0),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const syncMethods = {
  'sync.status': { params: NoParams, result: SyncStatus, permission: 'read' },
} as const;

export const syncEvents = {
  /** The sync status changed (state, counts, last success or error). */
  'sync.changed': SyncStatus,
} as const;
