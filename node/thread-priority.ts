import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { isMainThread } from 'node:worker_threads';

/** How much nicer a background worker thread is than its process: below the engine's thread, which keeps the wall live. */
const BACKGROUND_NICER = 10;
const NICEST = 19;

/**
 * Lowers the priority of the calling worker thread, where the system lets
 * a thread have its own (Linux: /proc/thread-self names it, and nice is per
 * thread). On a 2-core desk PC a verify, a backup copy and the history's
 * roll-ups each take a core; at equal priority the engine's thread waited
 * behind them for its turn, and that wait was event-loop lag. Elsewhere,
 * or if the system refuses, the thread keeps the process's priority.
 * Returns whether it was lowered; never lowers a process's main thread.
 */
export function asBackgroundThread(): boolean {
  if (isMainThread) return false;
  let tid: number;
  try {
    tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return false;
  }
  if (!Number.isSafeInteger(tid) || tid <= 0) return false;
  try {
    setPriority(tid, Math.min(NICEST, getPriority(tid) + BACKGROUND_NICER));
    return true;
  } catch {
    return false;
  }
}
