import type { StoreStatus } from '../../../../shared/api/store';

/**
 * What the header shows about the store, worst first. Grey unless the
 * operator must act (ISA-101): a broken chain or a journal that refuses
 * writes (full or read-only disk) is the alarm colour, a failed
 * or overdue backup amber, everything else quiet.
 */
export type StoreSignal =
  | {
      tone: 'fault';
      key: 'store.state.broken' | 'store.state.failed' | 'store.state.full' | 'store.state.readOnly';
    }
  | { tone: 'warn'; key: 'store.backup.failed' | 'store.backup.overdue' | 'store.history.failed' }
  | { tone: 'normal'; key: 'store.state.ok' | 'store.state.pending' | 'store.backup.off' }
  | { tone: 'normal'; key: 'store.state.verifying'; percent: number };

/** A backup is overdue once its due time has passed by this much without one being taken. */
export const OVERDUE_GRACE_MS = 30 * 60_000;

export function storeSignal(status: StoreStatus, now: number): StoreSignal {
  const { integrity, backup } = status;
  if (integrity.state === 'broken') return { tone: 'fault', key: 'store.state.broken' };
  if (integrity.state === 'failed') return { tone: 'fault', key: 'store.state.failed' };
  // Actions are refused until someone frees space or write access: the operator must act.
  const { writable } = status.journal;
  if (!writable.ok) {
    return { tone: 'fault', key: writable.cause === 'full' ? 'store.state.full' : 'store.state.readOnly' };
  }
  if (backup.lastError !== null) return { tone: 'warn', key: 'store.backup.failed' };
  const due = [backup.nextFullAt, backup.nextIncrementalAt].filter((t): t is number => t !== null);
  if (backup.lastFullAt !== null && due.some((t) => now > t + OVERDUE_GRACE_MS)) {
    return { tone: 'warn', key: 'store.backup.overdue' };
  }
  if (status.history.error !== null) return { tone: 'warn', key: 'store.history.failed' };
  if (integrity.state === 'verifying') {
    const percent = integrity.total === 0 ? 0 : Math.floor((integrity.checked / integrity.total) * 100);
    return { tone: 'normal', key: 'store.state.verifying', percent };
  }
  if (integrity.state === 'pending') return { tone: 'normal', key: 'store.state.pending' };
  if (backup.dir === null) return { tone: 'normal', key: 'store.backup.off' };
  return { tone: 'normal', key: 'store.state.ok' };
}

/** "1.2 GB": sizes for the panel. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
