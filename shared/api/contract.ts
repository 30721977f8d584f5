import { z } from 'zod';
import { Priority } from '../alarm/priority';
import { AlarmState, Shelf, SuppressionParent } from '../alarm/state';
import { Permission, Role, type Session } from '../auth/roles';
import { DeskConfig } from '../config/schema';
import { DefectClass, Tier, TierChange } from '../triage/tiers';
import { Device, DeviceKind, DeviceStatus, Id, PointSample, PointValue, ProfileInfo, Station } from './model';

export const DeskInfo = z.object({
  product: z.literal('DutyDesk'),
  version: z.string(),
  shell: z.enum(['electron', 'headless']),
  fleet: z.enum(['demo', 'config']),
  /** Where the station configuration came from; null for the built-in demo fleet. */
  configPath: z.string().nullable(),
  pollIntervalMs: z.number().int().positive(),
  startedAt: z.number(),
});
export type DeskInfo = z.infer<typeof DeskInfo>;

export const FleetSnapshot = z.object({
  stations: z.array(Station),
  devices: z.array(Device),
  profiles: z.array(ProfileInfo),
  status: z.array(DeviceStatus),
  samples: z.array(PointSample),
});
export type FleetSnapshot = z.infer<typeof FleetSnapshot>;

export const FleetDelta = z.object({
  status: z.array(DeviceStatus),
  samples: z.array(PointSample),
});
export type FleetDelta = z.infer<typeof FleetDelta>;

const NoParams = z.object({}).strict();

export const SessionInfo = z.object({ user: z.string(), role: Role, permissions: z.array(Permission) });
export type SessionInfo = z.infer<typeof SessionInfo>;

const WriteTarget = z
  .object({ deviceId: Id, key: z.string().min(1).max(64), value: z.union([z.number(), z.string()]) })
  .strict();

export const DeviceWrite = z
  .object({
    deviceId: Id,
    key: z.string().min(1).max(64),
    value: z.union([z.number(), z.string()]),
    /**
     * The operator's explicit confirmation: the UI sends back exactly what
     * its confirmation dialog showed. A write whose confirmation differs is refused.
     */
    confirm: WriteTarget,
    reason: z.string().trim().min(1, 'say why').max(500),
  })
  .strict();
export type DeviceWrite = z.infer<typeof DeviceWrite>;

export const WriteOutcome = z.object({
  /**
   * confirmed: read back equal; accepted: a command register that the device
   * clears itself was written; mismatch: read back differs; failed: not written.
   */
  outcome: z.enum(['confirmed', 'accepted', 'mismatch', 'failed']),
  requested: z.union([z.number(), z.string()]),
  readBack: PointValue,
  error: z.string().nullable(),
  /** Journal ids of the request and result records. */
  auditIds: z.array(z.string()),
});
export type WriteOutcome = z.infer<typeof WriteOutcome>;

export const ConfigView = z.object({
  /** False for the built-in demo fleet, which lives in memory only. */
  editable: z.boolean(),
  why: z.string().nullable(),
  path: z.string().nullable(),
  config: DeskConfig,
  profiles: z.array(z.object({ id: Id, kind: DeviceKind, model: z.string(), writable: z.array(z.string()) })),
});
export type ConfigView = z.infer<typeof ConfigView>;

/** One SLA deadline of an alarm, as of the moment the record was read (shared/triage/sla.ts). */
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
  chattering: z.boolean(),
  clocks: z.array(ClockView),
});
export type AlarmView = z.infer<typeof AlarmView>;

/** ISA-18.2 flood at this desk: more new alarms than one operator can handle. */
export const FloodView = z.object({ flooding: z.boolean(), since: z.number().nullable() });
export type FloodView = z.infer<typeof FloodView>;

export const AlarmsDelta = z.object({ alarms: z.array(AlarmView), flood: FloodView });
export type AlarmsDelta = z.infer<typeof AlarmsDelta>;

const AlarmId = z.object({ id: z.string().min(1).max(200) }).strict();

type MethodSpec = { params: z.ZodType; result: z.ZodType; permission: Permission };

/**
 * Every request the UI can make: name → params, result, and the permission
 * the engine checks before running it. Both transports carry exactly these.
 */
export const methods = {
  'desk.info': { params: NoParams, result: DeskInfo, permission: 'read' },
  'session.info': { params: NoParams, result: SessionInfo, permission: 'read' },
  'fleet.snapshot': { params: NoParams, result: FleetSnapshot, permission: 'read' },
  'device.write': { params: DeviceWrite, result: WriteOutcome, permission: 'device.control' },
  'config.get': { params: NoParams, result: ConfigView, permission: 'read' },
  'config.update': {
    params: z.object({ config: DeskConfig, reason: z.string().trim().min(1, 'say why').max(500) }).strict(),
    result: ConfigView,
    permission: 'config.edit',
  },
  'alarms.list': { params: NoParams, result: AlarmsDelta, permission: 'read' },
  'alarm.ack': { params: AlarmId, result: AlarmView, permission: 'device.control' },
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

/** Every event the engine pushes: name → payload schema. */
export const events = {
  'fleet.delta': FleetDelta,
  /** Stations or devices changed: clients fetch a new snapshot. */
  'fleet.changed': z.object({ reason: z.string() }),
  /** Alarm records that changed, with the desk's flood state at that moment. */
  'alarms.delta': AlarmsDelta,
} as const;

export type MethodName = keyof typeof methods;
export type Params<M extends MethodName> = z.input<(typeof methods)[M]['params']>;
export type Result<M extends MethodName> = z.infer<(typeof methods)[M]['result']>;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;

/** The engine's side of the contract; transports call it after validation and the permission check. */
export type DeskApi = {
  [M in MethodName]: (params: z.infer<(typeof methods)[M]['params']>, session: Session) => Promise<Result<M>>;
};

export const methodNames = Object.keys(methods) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}
