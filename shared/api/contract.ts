import { z } from 'zod';
import { Device, DeviceStatus, PointSample, ProfileInfo, Station } from './model';

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

/**
 * Every request the UI can make: name → params and result schema. Both
 * transports (Electron IPC and the web bridge) carry exactly these.
 */
export const methods = {
  'desk.info': { params: NoParams, result: DeskInfo },
  'fleet.snapshot': { params: NoParams, result: FleetSnapshot },
} as const;

/** Every event the engine pushes: name → payload schema. */
export const events = {
  'fleet.delta': FleetDelta,
} as const;

export type MethodName = keyof typeof methods;
export type Params<M extends MethodName> = z.input<(typeof methods)[M]['params']>;
export type Result<M extends MethodName> = z.infer<(typeof methods)[M]['result']>;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;

/** The engine's side of the contract; transports call it after validation. */
export type DeskApi = {
  [M in MethodName]: (params: z.infer<(typeof methods)[M]['params']>) => Promise<Result<M>>;
};

export const methodNames = Object.keys(methods) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}
