import type { Session } from '../../shared/auth/roles';
import type { JsonValue } from '../../shared/journal/event';

/** What the engine needs of the journal to record an operator action durably before acting on it. */
export type AuditRecord = {
  type: string;
  subject: string;
  data: JsonValue;
  reason: string | null;
  actor: Session;
};

export type AuditTrail = { record(entry: AuditRecord): { id: string } };
