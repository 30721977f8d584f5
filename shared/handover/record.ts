import { z } from 'zod';
import { Priority } from '../alarm/priority';
import { AlarmState } from '../alarm/state';
import { Tier } from '../triage/tiers';
import { Shift, ShiftId } from './schedule';

/**
 * The daily checks a monitor owes (seed 001, 运行监控/工作内容): cameras
 * aimed and recording, IoT SIM cards in service with data usage in range,
 * and the Ethernet links of stations connected that way.
 */
export const CheckKind = z.enum(['cameras', 'iot-sim', 'ethernet']);
export type CheckKind = z.infer<typeof CheckKind>;

const Text = z.string().trim().max(2000);

/** What the monitor says about one check; a problem must say what. */
export const CheckResult = z
  .object({
    check: CheckKind,
    status: z.enum(['ok', 'problem']),
    note: Text.default(''),
    /** Data used by the fleet's SIM cards this month as the carrier's portal shows it, MB. */
    simDataMb: z.number().min(0).max(1e9).nullable().default(null),
  })
  .strict()
  .refine((r) => r.status !== 'problem' || r.note !== '', {
    path: ['note'],
    message: 'say what the problem is',
  })
  .refine((r) => r.simDataMb === null || r.check === 'iot-sim', {
    path: ['simDataMb'],
    message: 'data usage belongs to the IoT SIM check',
  });
export type CheckResult = z.infer<typeof CheckResult>;
export type CheckResultInput = z.input<typeof CheckResult>;

/**
 * A check as the handover shows it. `gateway-comms` is the desk's own
 * reading of the Ethernet links (every gateway answering or not), shown
 * until the monitor records the check; `not-done` is a check nobody did.
 */
export const CheckLine = z.object({
  check: CheckKind,
  status: z.enum(['ok', 'problem', 'not-done']),
  note: z.string(),
  simDataMb: z.number().nullable(),
  source: z.enum(['monitor', 'gateway-comms']).nullable(),
  recordedAt: z.number().nullable(),
  recordedBy: z.string().nullable(),
  /** For the gateway reading: how many gateways answer, and which do not (by station and devices; older records name host:port). */
  gateways: z.object({ answering: z.number(), total: z.number(), silent: z.array(z.string()) }).nullable(),
});
export type CheckLine = z.infer<typeof CheckLine>;

/** Where something is, with the names as they were, so an old record reads the same years later. */
const Place = {
  stationId: z.string(),
  stationName: z.string(),
  deviceId: z.string().nullable(),
  deviceName: z.string().nullable(),
};

export const AlarmLine = z.object({
  ...Place,
  id: z.string(),
  cause: z.string(),
  priority: Priority,
  tier: Tier,
  state: AlarmState,
  raisedAt: z.number(),
  ackedBy: z.string().nullable(),
});
export type AlarmLine = z.infer<typeof AlarmLine>;

/** Which alarm a line is about, and where. */
const AlarmRef = { ...Place, alarmId: z.string(), cause: z.string() };

/** One SLA deadline of an open alarm, as it stood when the snapshot was taken. */
export const ClockLine = z.object({
  ...AlarmRef,
  tier: Tier,
  clock: z.string(),
  basis: z.string(),
  deadline: z.number().nullable(),
  remainingMs: z.number().nullable(),
});
export type ClockLine = z.infer<typeof ClockLine>;

export const ShelvedLine = z.object({
  ...AlarmRef,
  reason: z.string(),
  shelvedAt: z.number(),
  untilMs: z.number(),
});
export type ShelvedLine = z.infer<typeof ShelvedLine>;

export const WorkOrderLine = z.object({
  id: z.string(),
  stationId: z.string(),
  stationName: z.string(),
  title: z.string(),
  state: z.string(),
  dueAt: z.number().nullable(),
});
export type WorkOrderLine = z.infer<typeof WorkOrderLine>;

/** An outage (停运) or exemption in force. */
export const OutageLine = z.object({
  ...Place,
  id: z.string(),
  kind: z.string(),
  reason: z.string(),
  since: z.number(),
});
export type OutageLine = z.infer<typeof OutageLine>;

export const OfflineLine = z.object({
  ...Place,
  deviceId: z.string(),
  deviceName: z.string(),
  since: z.number(),
  detail: z.string().nullable(),
});
export type OfflineLine = z.infer<typeof OfflineLine>;

/**
 * What the desk itself says about the shift at handover. `workOrders` and
 * `outages` are null when this desk has no work-order module to ask, which
 * is not the same as "none open".
 */
export const HandoverSnapshot = z.object({
  assembledAt: z.number(),
  alarms: z.object({
    emergency: z.array(AlarmLine),
    'on-site': z.array(AlarmLine),
    remote: z.array(AlarmLine),
  }),
  clocks: z.object({ running: z.array(ClockLine), breached: z.array(ClockLine) }),
  shelved: z.array(ShelvedLine),
  workOrders: z.array(WorkOrderLine).nullable(),
  outages: z.array(OutageLine).nullable(),
  offline: z.array(OfflineLine),
  checks: z.array(CheckLine),
  /** Every station the snapshot mentions, for search. */
  stations: z.array(z.string()),
});
export type HandoverSnapshot = z.infer<typeof HandoverSnapshot>;

export const NoteText = z.string().trim().min(1, 'the note is empty').max(4000);

export const HandoverNote = z.object({
  id: z.string(),
  text: z.string(),
  stationId: z.string().nullable(),
  by: z.string(),
  at: z.number(),
});
export type HandoverNote = z.infer<typeof HandoverNote>;

/** A person's authenticated signature: the journal event that records it, with its hash. */
export const Signature = z.object({
  user: z.string(),
  role: z.string(),
  at: z.number(),
  eventId: z.string(),
  hash: z.string(),
});
export type Signature = z.infer<typeof Signature>;

/** A later, signed amendment; it points at the entry it corrects and never changes it. */
export const Correction = Signature.extend({ text: z.string(), corrects: z.string() });
export type Correction = z.infer<typeof Correction>;

/**
 * draft: the desk keeps the snapshot current, notes and checks may be
 * added. signed: the outgoing lead signed this content; it waits for the
 * incoming lead. accepted: both signed; only corrections may follow.
 */
export const HandoverState = z.enum(['draft', 'signed', 'accepted']);
export type HandoverState = z.infer<typeof HandoverState>;

/** A desk id as the journal records it; a record received from another desk names its desk. */
const DeskId = z.string().min(1).max(200);

export const HandoverRecord = z.object({
  shift: Shift,
  /** The desk that kept this record when it came from another desk through sync; null for this desk's own. */
  desk: DeskId.nullable(),
  state: HandoverState,
  snapshot: HandoverSnapshot,
  notes: z.array(HandoverNote),
  signature: Signature.nullable(),
  acceptance: Signature.nullable(),
  corrections: z.array(Correction),
});
export type HandoverRecord = z.infer<typeof HandoverRecord>;

export const HandoverSummary = z.object({
  shiftId: ShiftId,
  shift: Shift,
  /** As in the record: null for this desk's own, else the other desk's id. */
  desk: DeskId.nullable(),
  state: HandoverState,
  signedBy: z.string().nullable(),
  acceptedBy: z.string().nullable(),
  stations: z.array(z.string()),
  openAlarms: z.number(),
  breached: z.number(),
  offline: z.number(),
  notes: z.number(),
  corrections: z.number(),
  /** The note or correction text that matched a text search, else the first note. */
  excerpt: z.string().nullable(),
});
export type HandoverSummary = z.infer<typeof HandoverSummary>;
