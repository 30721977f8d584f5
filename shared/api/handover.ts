import { z } from 'zod';
import { CheckResult, HandoverRecord, HandoverState, HandoverSummary, NoteText } from '../handover/record';
import { ShiftId } from '../handover/schedule';
import { NoParams } from './method';
import { Id } from './model';

/** A person re-entering their password where they sign; checked by the engine's Authenticator. */
const Credentials = {
  user: z.string().trim().min(1, 'who signs').max(64),
  password: z.string().min(1, 'enter the password').max(256),
};

const ByShift = z.object({ shiftId: ShiftId }).strict();

/**
 * A record to read: this desk's own, or with `desk` the signed record of
 * another desk of the organisation, as received through sync (read-only here).
 */
const RecordRef = ByShift.extend({ desk: z.string().min(1).max(200).optional() }).strict();

/** Optional with a signature or an acceptance (e.g. "accepted with the open fire alarm at SX03"); journalled. */
const Reason = z.string().trim().max(500).optional();

export const HandoverCurrent = z.object({
  record: HandoverRecord,
  /** The shift before, so a handover still waiting for its signatures is not forgotten. */
  previous: HandoverSummary,
});
export type HandoverCurrent = z.infer<typeof HandoverCurrent>;

export const HandoverSearch = z
  .object({
    /** Shifts that started at or after, epoch ms. */
    from: z.number().optional(),
    /** Shifts that started before, epoch ms. */
    to: z.number().optional(),
    stationId: Id.optional(),
    text: z.string().trim().max(200).optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();
export type HandoverSearch = z.input<typeof HandoverSearch>;

/**
 * The PDF travels inside the reply as base64: it reaches the renderer over
 * whichever transport it has (MessagePort or WebSocket), under the same
 * permission check, and no file or URL outlives the request.
 */
export const HandoverPdf = z.object({
  fileName: z.string(),
  mime: z.literal('application/pdf'),
  base64: z.string(),
  bytes: z.number().int(),
});
export type HandoverPdf = z.infer<typeof HandoverPdf>;

export const handoverMethods = {
  'handover.current': { params: NoParams, result: HandoverCurrent, permission: 'read' },
  'handover.get': { params: RecordRef, result: HandoverRecord, permission: 'read' },
  'handover.search': {
    params: HandoverSearch,
    result: z.object({ results: z.array(HandoverSummary), more: z.boolean() }),
    permission: 'read',
  },
  'handover.pdf': {
    params: RecordRef.extend({ lang: z.enum(['zh-CN', 'en']).default('zh-CN') }).strict(),
    result: HandoverPdf,
    permission: 'read',
  },
  'handover.note': {
    params: ByShift.extend({ text: NoteText, stationId: Id.nullable().default(null) }).strict(),
    result: HandoverRecord,
    permission: 'handover.duty',
  },
  /** A daily check of the shift in progress. */
  'check.record': { params: CheckResult, result: HandoverRecord, permission: 'handover.duty' },
  /** The signer's own role must allow handover.sign; the desk's session only needs to be on duty. */
  'handover.sign': {
    params: ByShift.extend({ ...Credentials, reason: Reason }).strict(),
    result: HandoverRecord,
    permission: 'handover.duty',
  },
  'handover.accept': {
    params: ByShift.extend({ ...Credentials, reason: Reason }).strict(),
    result: HandoverRecord,
    permission: 'handover.duty',
  },
  'handover.correct': {
    params: ByShift.extend({
      ...Credentials,
      text: NoteText,
      /** The signature, acceptance, note or earlier correction this amends; the acceptance when omitted. */
      corrects: z.string().max(64).optional(),
    }).strict(),
    result: HandoverRecord,
    permission: 'handover.duty',
  },
} as const;

export const handoverEvents = {
  /** A handover record changed (note, check, signature, correction): clients fetch it again. */
  'handover.changed': z.object({ shiftId: ShiftId, state: HandoverState }),
} as const;
