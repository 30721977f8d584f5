import { z } from 'zod';

/** Identifiers are config-chosen slugs; keep them URL- and log-safe. */
export const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" or "-", starting with a letter or digit');

export const DeviceKind = z.enum(['ac-charger', 'dc-charger', 'pv-inverter', 'box-transformer', 'meter']);
export type DeviceKind = z.infer<typeof DeviceKind>;

/** OPC-style quality: what the desk may conclude from a value. */
export const Quality = z.enum(['good', 'stale', 'bad', 'comm-fail']);
export type Quality = z.infer<typeof Quality>;

export const Comms = z.enum(['connecting', 'online', 'comm-lost']);
export type Comms = z.infer<typeof Comms>;

/**
 * What the wall shows for a device. Only the last four are abnormal and get
 * colour (ISA-101: grey unless something needs the operator).
 */
export const DeviceState = z.enum([
  'normal',
  'idle',
  'charging',
  'generating',
  'sleeping',
  'unknown',
  'unavailable',
  'fault',
  'comm-lost',
]);
export type DeviceState = z.infer<typeof DeviceState>;

export const GunState = z.enum(['idle', 'preparing', 'charging', 'finishing', 'faulted', 'unavailable']);
export type GunState = z.infer<typeof GunState>;

export const Station = z.object({
  id: Id,
  name: z.string().min(1),
  nameEn: z.string().min(1).optional(),
  address: z.string().default(''),
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  group: z.string().min(1),
  urban: z.boolean(),
  /**
   * The share of its PV nameplate this carport delivers under a clear sky
   * (soiling, heat, wiring, inverter losses); the PV wall's expectation uses
   * it. Absent: shared/pv/expected.ts DEFAULT_DERATING.
   */
  pvDerating: z.number().min(0.05).max(1.2).optional(),
});
export type Station = z.infer<typeof Station>;

export const Device = z.object({
  id: Id,
  stationId: Id,
  name: z.string().min(1),
  kind: DeviceKind,
  profile: Id,
  /** host:port of the device or its gateway; the wall shows it when comms fail. */
  endpoint: z.string(),
  unitId: z.number().int().min(0).max(255),
  guns: z.number().int().min(0).max(8),
  ratedKw: z.number().positive(),
});
export type Device = z.infer<typeof Device>;

export const PointValue = z.union([z.number(), z.string(), z.null()]);
export type PointValue = z.infer<typeof PointValue>;

export const PointSample = z.object({
  deviceId: Id,
  key: z.string().min(1),
  value: PointValue,
  quality: Quality,
  /** Epoch milliseconds when the engine read the value. */
  ts: z.number(),
});
export type PointSample = z.infer<typeof PointSample>;

export const DeviceStatus = z.object({
  deviceId: Id,
  comms: Comms,
  state: DeviceState,
  /** Active fault codes: fault-word bit names of the profile, `gunN.faulted`, `inverter.fault`. */
  faults: z.array(z.string()),
  /** Why comms failed or the device is faulted, in plain words for the log and tooltip. */
  detail: z.string().nullable(),
  /** Epoch ms since which the device has been in this state. */
  since: z.number(),
});
export type DeviceStatus = z.infer<typeof DeviceStatus>;

export const PointInfo = z.object({
  key: z.string(),
  unit: z.string().nullable(),
  label: z.object({ 'zh-CN': z.string(), en: z.string() }),
  /** May be written by someone with device.control, after confirmation. */
  writable: z.boolean(),
  /** A command register the device clears itself once it has acted (start, stop, reset). */
  command: z.boolean(),
  /** For enum points: the state names the point can take. */
  options: z.array(z.string()).nullable(),
});
export type PointInfo = z.infer<typeof PointInfo>;

export const ProfileInfo = z.object({
  id: Id,
  kind: DeviceKind,
  points: z.array(PointInfo),
});
export type ProfileInfo = z.infer<typeof ProfileInfo>;
