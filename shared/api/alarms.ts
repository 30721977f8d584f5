import { z } from 'zod';
import { Priority } from '../alarm/priority';
import { AlarmState, OutOfService, Shelf, SuppressionParent } from '../alarm/state';
import { SlaRuleTexts } from '../triage/sla';
import { DefectClass, Tier, TierChange } from '../triage/tiers';
import { type MethodSpec, NoParams } from './method';
import { Id } from './model';

/** One SLA deadline, as of the moment the record was read (shared/triage/sla.ts). */
export const DeadlineView = z.object({
  kind: z.literal('deadline'),
  id: z.string(),
  state: z.enum(['not-started', 'running', 'met', 'breached']),
  startedAt: z.number().nullable(),
  deadline: z.number().nullable(),
  stoppedAt: z.number().nullable(),
  remainingMs: z.number().nullable(),
  onBreach: z.enum(['escalate', 'prompt-outage']),
  basis: z.string(),
});

/** A report owed at intervals while the incident lasts. */
export const ReminderView = z.object({
  kind: z.literal('reminder'),
  id: z.string(),
  state: z.enum(['not-started', 'running', 'due', 'stopped']),
  everyMs: z.number(),
  lastDoneAt: z.number().nullable(),
  nextDueAt: z.number().nullable(),
  remainingMs: z.number().nullable(),
  basis: z.string(),
});

export const ClockView = z.discriminatedUnion('kind', [DeadlineView, ReminderView]);
export type ClockView = z.infer<typeof ClockView>;

/**
 * A clock as an alarm record carries it: without its basis, which the
 * client has from `sla.rules` by the record's preset and tier and the
 * clock's id. A storm's deltas are thousands of records; the sentences
 * were about half their bytes.
 */
export const AlarmClockView = z.discriminatedUnion('kind', [
  DeadlineView.omit({ basis: true }),
  ReminderView.omit({ basis: true }),
]);
export type AlarmClockView = z.infer<typeof AlarmClockView>;

/**
 * A deadline that has just passed: journalled once as `alarm.sla-breached`
 * (or `workorder.sla-breached`) and pushed once, so the UI escalates
 * visually and audibly exactly when it happens. The clock view keeps saying
 * `breached` afterwards.
 */
export const SlaBreach = z.object({
  subject: z.enum(['alarm', 'work-order']),
  /** The alarm id or the work-order id. */
  id: z.string().min(1),
  clockId: z.string().min(1),
  deadline: z.number(),
  /** `prompt-outage`: Shaoxing's "not fixed 2 h after dispatch" — file an outage application now. */
  onBreach: z.enum(['escalate', 'prompt-outage']),
  stationId: z.string(),
  tier: Tier,
});
export type SlaBreach = z.infer<typeof SlaBreach>;

/** One alarm point: `${deviceId}:${cause}`, or `${stationId}:comms.station` / `${gateway}:comms.gateway`. */
export const AlarmView = z.object({
  id: z.string().min(1),
  /** null for station and gateway comms alarms. */
  deviceId: Id.nullable(),
  stationId: z.string(),
  cause: z.string().min(1),
  state: AlarmState,
  /** Whether the plant condition is active, also while the alarm is hidden. */
  conditionActive: z.boolean(),
  priority: Priority,
  tier: Tier,
  defectClass: DefectClass,
  /** The triage table row that decided tier, class and priority. */
  ruleId: z.string(),
  tierChanges: z.array(TierChange),
  /** When the current incident was raised; SLA clocks count from here. */
  raisedAt: z.number(),
  ackedAt: z.number().nullable(),
  ackedBy: z.string().nullable(),
  shelf: Shelf.nullable(),
  suppressedBy: SuppressionParent.nullable(),
  /** Why the alarm is out of service, e.g. "outage AP-0003 approved". */
  outOfService: OutOfService.nullable(),
  chattering: z.boolean(),
  /** The SLA preset the station's group runs on (shared/triage/sla.ts). */
  slaPreset: z.string(),
  /** Clocks of the current incident, stopped by the steps of its work orders; their basis is in `sla.rules`. */
  clocks: z.array(AlarmClockView),
  /** Work orders opened for the current incident, oldest first. */
  workOrderIds: z.array(z.string()),
  /** An outage-prompt deadline has passed with no fix and no outage applied: file one. */
  outagePrompt: z.boolean(),
});
export type AlarmView = z.infer<typeof AlarmView>;

/** ISA-18.2 flood at this desk: more new alarms than one operator can handle. */
export const FloodView = z.object({ flooding: z.boolean(), since: z.number().nullable() });
export type FloodView = z.infer<typeof FloodView>;

export const AlarmsDelta = z.object({
  alarms: z.array(AlarmView),
  flood: FloodView,
  /** Deadlines that passed since the last delta (always empty from alarms.list). */
  breaches: z.array(SlaBreach),
  /** Alarm points closed because their device or station left the configuration: drop them. */
  removed: z.array(z.string()),
});
export type AlarmsDelta = z.infer<typeof AlarmsDelta>;

/**
 * Alarm records per frame, in alarms.list pages and alarms.delta events: the
 * page refuses frames over MAX_FRAME_BYTES (1 MB), and one record with its
 * clocks, tier changes and shelf reason can come near 2 kB.
 */
export const ALARMS_PER_FRAME = 400;

const AlarmsPageParams = z
  .object({
    /** The `next` of the page before: pages go in alarm id order. */
    after: z.string().min(1).max(200).optional(),
    /** Without a limit the whole queue comes in one reply, for callers inside the engine. */
    limit: z.int().min(1).max(ALARMS_PER_FRAME).optional(),
  })
  .strict();

export const AlarmsPage = AlarmsDelta.extend({
  /** Where the next page starts (pass it as `after`); null on the last page. */
  next: z.string().nullable(),
});
export type AlarmsPage = z.infer<typeof AlarmsPage>;

const AlarmId = z.object({ id: z.string().min(1).max(200) }).strict();

export const alarmMethods = {
  'alarms.list': { params: AlarmsPageParams, result: AlarmsPage, permission: 'read' },
  /** The seed sentence of every SLA clock per preset and tier, fetched once and kept by the client. */
  'sla.rules': { params: NoParams, result: SlaRuleTexts, permission: 'read' },
  /** The reason is optional (acknowledging is routine) and journalled when given. */
  'alarm.ack': {
    params: AlarmId.extend({ reason: z.string().max(500).optional() }).strict(),
    result: AlarmView,
    permission: 'device.control',
  },
  /** The reason and the length are checked by the alarm state machine, which explains a refusal. */
  'alarm.shelve': {
    params: AlarmId.extend({ reason: z.string().max(500), untilMs: z.number() }).strict(),
    result: AlarmView,
    permission: 'device.control',
  },
  'alarm.unshelve': {
    params: AlarmId.extend({ reason: z.string().max(500).optional() }).strict(),
    result: AlarmView,
    permission: 'device.control',
  },
  'alarm.retier': {
    params: AlarmId.extend({ tier: Tier, reason: z.string().max(500) }).strict(),
    result: AlarmView,
    permission: 'device.control',
  },
} as const satisfies Record<string, MethodSpec>;

export const alarmEvents = {
  /** Alarm records that changed, with the desk's flood state and any new SLA breaches. */
  'alarms.delta': AlarmsDelta,
} as const;
