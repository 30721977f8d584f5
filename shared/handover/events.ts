import { z } from 'zod';
import { CheckResult, HandoverSnapshot } from './record';
import { Shift, ShiftId } from './schedule';

/**
 * The journal events of a handover record, all with subject
 * `handover/<shift id>`. The record is a projection of them; nothing of it is
 * kept anywhere else, so it syncs with the rest of the journal.
 */
export const HANDOVER_EVENT = {
  check: 'handover.check',
  note: 'handover.note',
  signed: 'handover.signed',
  accepted: 'handover.accepted',
  corrected: 'handover.corrected',
} as const;

export const HANDOVER_EVENT_TYPES: readonly string[] = Object.values(HANDOVER_EVENT);

export function handoverSubject(shiftId: ShiftId): string {
  return `handover/${shiftId}`;
}

export const CheckData = z.object({ shiftId: ShiftId, result: CheckResult });
export const NoteData = z.object({ shiftId: ShiftId, text: z.string(), stationId: z.string().nullable() });
/** The outgoing lead signs exactly this: the snapshot as assembled at that moment and the notes by id. */
export const SignedData = z.object({ shift: Shift, snapshot: HandoverSnapshot, notes: z.array(z.string()) });
export const AcceptedData = z.object({ shiftId: ShiftId, signed: z.string() });
export const CorrectedData = z.object({ shiftId: ShiftId, text: z.string(), corrects: z.string() });
