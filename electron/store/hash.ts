import { createHash } from 'node:crypto';
import { hashInput, type JournalEvent } from '../../shared/journal/event';

/** SHA-256 of the event's hash input (see hashInput), lower-case hex. */
export function eventHash(event: Omit<JournalEvent, 'hash'>): string {
  return createHash('sha256').update(hashInput(event), 'utf8').digest('hex');
}
