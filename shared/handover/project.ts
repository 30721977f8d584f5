import type { JournalEvent } from '../journal/event';
import { AcceptedData, CheckData, CorrectedData, HANDOVER_EVENT, NoteData, SignedData } from './events';
import type {
  Correction,
  HandoverNote,
  HandoverRecord,
  HandoverSnapshot,
  HandoverSummary,
  Signature,
} from './record';
import type { Shift } from './schedule';
import type { RecordedCheck } from './snapshot';

/** The facts of one record as its journal events state them, before any snapshot is attached. */
export type RecordFacts = {
  notes: HandoverNote[];
  checks: RecordedCheck[];
  signed: { shift: Shift; snapshot: HandoverSnapshot; noteIds: string[]; signature: Signature } | null;
  acceptance: Signature | null;
  corrections: Correction[];
};

const signatureOf = (e: JournalEvent): Signature => ({
  user: e.actor.user,
  role: e.actor.role,
  at: e.ts,
  eventId: e.id,
  hash: e.hash,
});

/**
 * Folds a record's events, oldest first, into its facts. An event that
 * breaks the rules (a second signature, a note after signing) can only come
 * from outside this desk's service, e.g. another desk through sync; the
 * first valid one counts and the rest are ignored, so a record never changes
 * after it was signed.
 */
export function recordFacts(events: readonly JournalEvent[]): RecordFacts {
  const facts: RecordFacts = { notes: [], checks: [], signed: null, acceptance: null, corrections: [] };
  for (const e of events) {
    switch (e.type) {
      case HANDOVER_EVENT.note: {
        const data = NoteData.safeParse(e.data);
        if (data.success && !facts.signed) {
          facts.notes.push({
            id: e.id,
            text: data.data.text,
            stationId: data.data.stationId,
            by: e.actor.user,
            at: e.ts,
          });
        }
        break;
      }
      case HANDOVER_EVENT.check: {
        const data = CheckData.safeParse(e.data);
        if (data.success && !facts.signed)
          facts.checks.push({ ...data.data.result, at: e.ts, by: e.actor.user });
        break;
      }
      case HANDOVER_EVENT.signed: {
        const data = SignedData.safeParse(e.data);
        if (data.success && !facts.signed) {
          facts.signed = { ...data.data, noteIds: data.data.notes, signature: signatureOf(e) };
        }
        break;
      }
      case HANDOVER_EVENT.accepted: {
        const data = AcceptedData.safeParse(e.data);
        if (
          data.success &&
          facts.signed &&
          !facts.acceptance &&
          data.data.signed === facts.signed.signature.eventId
        ) {
          facts.acceptance = signatureOf(e);
        }
        break;
      }
      case HANDOVER_EVENT.corrected: {
        const data = CorrectedData.safeParse(e.data);
        if (data.success && facts.acceptance) {
          facts.corrections.push({ ...signatureOf(e), text: data.data.text, corrects: data.data.corrects });
        }
        break;
      }
    }
  }
  return facts;
}

/**
 * The record: signed content once signed, else the live snapshot the caller
 * assembled. `desk` names the other desk a record came from (null: this one).
 */
export function projectRecord(
  shift: Shift,
  facts: RecordFacts,
  live: HandoverSnapshot,
  desk: string | null = null,
): HandoverRecord {
  const signed = facts.signed;
  const notes = signed ? facts.notes.filter((n) => signed.noteIds.includes(n.id)) : facts.notes;
  return {
    shift: signed?.shift ?? shift,
    desk,
    state: facts.acceptance ? 'accepted' : signed ? 'signed' : 'draft',
    snapshot: signed?.snapshot ?? live,
    notes,
    signature: signed?.signature ?? null,
    acceptance: facts.acceptance,
    corrections: facts.corrections,
  };
}

/** Event ids a correction may point at: the signature, the acceptance, a note, an earlier correction. */
export function correctable(record: HandoverRecord): Set<string> {
  return new Set(
    [
      record.signature?.eventId,
      record.acceptance?.eventId,
      ...record.notes.map((n) => n.id),
      ...record.corrections.map((c) => c.eventId),
    ].filter((id): id is string => id !== undefined),
  );
}

export function summarize(record: HandoverRecord, excerpt: string | null): HandoverSummary {
  const s = record.snapshot;
  const stations = new Set(s.stations);
  for (const n of record.notes) if (n.stationId) stations.add(n.stationId);
  return {
    shiftId: record.shift.id,
    shift: record.shift,
    desk: record.desk,
    state: record.state,
    signedBy: record.signature?.user ?? null,
    acceptedBy: record.acceptance?.user ?? null,
    stations: [...stations].sort(),
    openAlarms: s.alarms.emergency.length + s.alarms['on-site'].length + s.alarms.remote.length,
    breached: s.clocks.breached.length,
    offline: s.offline.length,
    notes: record.notes.length,
    corrections: record.corrections.length,
    excerpt: excerpt ?? record.notes[0]?.text ?? null,
  };
}

/** Every text a search may match in a record: notes, corrections, check notes, names, causes, people. */
export function searchableText(record: HandoverRecord): string[] {
  const s = record.snapshot;
  const lines = [
    ...s.alarms.emergency,
    ...s.alarms['on-site'],
    ...s.alarms.remote,
    ...s.shelved,
    ...s.offline,
    ...(s.outages ?? []),
  ];
  return [
    ...record.notes.map((n) => n.text),
    ...record.corrections.map((c) => c.text),
    ...s.checks.map((c) => c.note),
    ...lines.flatMap((l) => [l.stationName, l.deviceName ?? '', 'cause' in l ? l.cause : '']),
    ...(s.workOrders ?? []).flatMap((w) => [w.title, w.stationName]),
    record.signature?.user ?? '',
    record.acceptance?.user ?? '',
  ].filter((t) => t !== '');
}
