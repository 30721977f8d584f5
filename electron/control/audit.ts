import type { DeviceWrite, WriteOutcome } from '../../shared/api/contract';
import type { Session } from '../../shared/auth/roles';
import type { JsonValue } from '../../shared/journal/event';
import type { Logger } from '../log/logger';

/** What the engine needs of the journal to record an operator action durably before acting on it. */
export type AuditRecord = {
  type: string;
  subject: string;
  data: JsonValue;
  reason: string | null;
  actor: Session;
};

export type AuditTrail = { record(entry: AuditRecord): { id: string } };

/**
 * Journals how a field write ended, after its request (`requestId`), and
 * warns in the log when it was not carried out as asked: the operator's
 * answer, with both records' ids.
 */
export function recordWriteResult(
  ctx: { audit: AuditTrail; log: Logger },
  session: Session,
  write: { request: DeviceWrite; key: string; requestId: string },
  result: Pick<WriteOutcome, 'outcome' | 'readBack' | 'error'>,
): WriteOutcome {
  const { request, key, requestId } = write;
  const { outcome, readBack, error } = result;
  const recorded = ctx.audit.record({
    type: 'device.write.result',
    subject: request.deviceId,
    data: { key, value: request.value, outcome, readBack, error, requestId },
    reason: null,
    actor: session,
  });
  if (outcome !== 'confirmed' && outcome !== 'accepted')
    ctx.log.warn(`write ${request.deviceId} ${key}: ${outcome}: ${error}`);
  return { outcome, requested: request.value, readBack, error, auditIds: [requestId, recorded.id] };
}
