import type { JournalInput } from '../../shared/journal/event';
import type { Logger } from '../log/logger';
import { PRUNING_HELD, type RetentionLook } from './retention-clock';

export type PruningHeld = Extract<RetentionLook, { ok: false }>;

/**
 * Says in the journal that a pruning round (telemetry history or old
 * backups) did nothing because the wall clock had just stepped, and what it
 * would have trusted instead. A refused append is only logged: the round
 * deleted nothing either way.
 */
export function journalPruningHeld(
  journal: { append(input: JournalInput): unknown },
  log: Logger,
  what: 'history' | 'backups',
  held: PruningHeld,
): void {
  log.warn(`${what} pruning held: the desk clock stepped by ${held.step.stepMs} ms`);
  try {
    journal.append({
      type: PRUNING_HELD,
      subject: what,
      ts: held.step.to,
      data: { ...held.step, trusted: held.trusted },
      reason: null,
      actor: { user: 'dutydesk', role: 'system' },
    });
  } catch (error) {
    log.warn(`pruning hold not journalled: ${(error as Error).message}`);
  }
}
