import type { SyncStatus } from '../../../../shared/api/sync';

export type SyncTone = 'normal' | 'warn';

/**
 * Grey while sync works or is deliberately off; amber when records are not
 * reaching the server (unreachable or refused). Never red: the desk itself
 * is fine and nothing is lost, but the organisation's copy lags.
 */
export function syncTone(status: SyncStatus): SyncTone {
  return status.state === 'offline' || status.state === 'error' ? 'warn' : 'normal';
}
