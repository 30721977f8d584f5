import { z } from 'zod';
import type { ConnectionAuth } from '../auth/connection';
import { Permission, Role, type Session } from '../auth/roles';
import { DeskConfig } from '../config/schema';
import { alarmEvents, alarmMethods } from './alarms';
import { authMethods } from './auth';
import { clockEvents, clockMethods } from './clock';
import { demoMethods } from './demo';
import { drillEvents, drillMethods } from './drills';
import { handoverEvents, handoverMethods } from './handover';
import { historyMethods } from './history';
import { ledgerMethods } from './ledger';
import { mapMethods } from './map';
import { type MethodSpec, NoParams, Reason } from './method';
import { Device, DeviceKind, DeviceStatus, Id, PointSample, PointValue, ProfileInfo, Station } from './model';
import { outboxEvents, outboxMethods } from './outbox';
import { reportMethods } from './reports';
import { sharedConfigMethods } from './shared-config';
import { storeEvents, storeMethods } from './store';
import { syncEvents, syncMethods } from './sync';
import { DrillInfo } from './training';
import { warningEvents, warningMethods } from './warnings';
import { workOrderEvents, workOrderMethods } from './workorders';

export * from './alarms';
export * from './map';
export * from './workorders';

export const DeskInfo = z.object({
  product: z.literal('DutyDesk'),
  version: z.string(),
  shell: z.enum(['electron', 'headless']),
  fleet: z.enum(['demo', 'config']),
  /** Where the station configuration came from; null for the built-in demo fleet. */
  configPath: z.string().nullable(),
  pollIntervalMs: z.number().int().positive(),
  startedAt: z.number(),
  /** Set on a training desk only: every screen shows the DRILL band (issue 18). */
  drill: DrillInfo.optional(),
});
export type DeskInfo = z.infer<typeof DeskInfo>;

/** What changed in the fleet: device status and point samples. */
export const FleetDelta = z.object({
  status: z.array(DeviceStatus),
  samples: z.array(PointSample),
});
export type FleetDelta = z.infer<typeof FleetDelta>;

/** The whole fleet: its topology and profiles, and the live part as a delta carries it. */
export const FleetSnapshot = z.object({
  stations: z.array(Station),
  devices: z.array(Device),
  profiles: z.array(ProfileInfo),
  ...FleetDelta.shape,
});
export type FleetSnapshot = z.infer<typeof FleetSnapshot>;

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
    reason: Reason,
  })
  .strict();
export type DeviceWrite = z.infer<typeof DeviceWrite>;

export const WriteOutcome = z.object({
  /**
   * confirmed: read back equal; accepted: a command register that the device
   * clears itself was written; mismatch: read back differs; failed: not written;
   * unconfirmed: sent (a Sparkplug command), but the device did not report it back in time.
   */
  outcome: z.enum(['confirmed', 'accepted', 'mismatch', 'failed', 'unconfirmed']),
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

/**
 * Every request the UI can make: name → params, result, and the permission
 * the engine checks before running it. Both transports carry exactly these.
 */
export const methods = {
  ...authMethods,
  ...historyMethods,
  ...mapMethods,
  ...storeMethods,
  'desk.info': { params: NoParams, result: DeskInfo, permission: 'read' },
  ...clockMethods,
  'session.info': { params: NoParams, result: SessionInfo, permission: 'read' },
  'fleet.snapshot': { params: NoParams, result: FleetSnapshot, permission: 'read' },
  'device.write': { params: DeviceWrite, result: WriteOutcome, permission: 'device.control' },
  'config.get': { params: NoParams, result: ConfigView, permission: 'read' },
  'config.update': {
    params: z.object({ config: DeskConfig, reason: Reason }).strict(),
    result: ConfigView,
    permission: 'config.edit',
  },
  ...alarmMethods,
  ...workOrderMethods,
  ...handoverMethods,
  ...reportMethods,
  ...syncMethods,
  ...outboxMethods,
  ...ledgerMethods,
  ...sharedConfigMethods,
  ...demoMethods,
  ...warningMethods,
  ...drillMethods,
} as const satisfies Record<string, MethodSpec>;

/** Every event the engine pushes: name → payload schema. */
export const events = {
  ...storeEvents,
  'fleet.delta': FleetDelta,
  /** Stations or devices changed: clients fetch a new snapshot. */
  'fleet.changed': z.object({ reason: z.string() }),
  ...clockEvents,
  ...alarmEvents,
  ...workOrderEvents,
  ...handoverEvents,
  ...syncEvents,
  ...outboxEvents,
  ...warningEvents,
  ...drillEvents,
} as const;

export type MethodName = keyof typeof methods;
export type Params<M extends MethodName> = z.input<(typeof methods)[M]['params']>;
export type Result<M extends MethodName> = z.infer<(typeof methods)[M]['result']>;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;

/** The engine's side of the contract; transports call it after validation and the permission check. */
export type DeskApi = {
  [M in MethodName]: (
    params: z.infer<(typeof methods)[M]['params']>,
    session: Session,
    /** The calling connection's sign-in; absent when the engine is called directly (tests, tools). */
    connection?: ConnectionAuth,
  ) => Promise<Result<M>>;
};

export const methodNames = Object.keys(methods) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}
