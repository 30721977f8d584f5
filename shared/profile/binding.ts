import { z } from 'zod';
import type { PointValue } from '../api/model';
import type { Profile, ProfilePoint } from './schema';

/**
 * How a device fed over MQTT (Sparkplug B) is bound to its profile's points,
 * so walls, alarms, triage, reports and history see the same points as from
 * its Modbus twin. Metric names are the point keys unless the profile's
 * `sparkplug.metrics` names them otherwise.
 */

/** A Sparkplug topic token: no "/", "+" or "#". */
const Token = z.string().regex(/^[^/+#]+$/, 'a Sparkplug name: no "/", "+" or "#"');

/** Where a device's metrics arrive: group and edge node, and the device under that node (absent: the node's own metrics). */
export const SparkplugAddress = z.object({ group: Token, node: Token, device: Token.optional() }).strict();
export type SparkplugAddress = z.infer<typeof SparkplugAddress>;

/** In a profile: Sparkplug metric names → point keys, for the metrics whose names differ from the keys. */
export const SparkplugBinding = z
  .object({ metrics: z.record(z.string().min(1), z.string().min(1)) })
  .strict();
export type SparkplugBinding = z.infer<typeof SparkplugBinding>;

/** The desk on a broker: one client per desk; the broker's host and port are those of the devices fed through it. */
export const MqttConfig = z
  .object({
    /** Unique per desk: two desks with one client id throw each other off the broker. */
    clientId: z.string().min(1).max(64),
    username: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    /** PEM files; with any of them the connection is TLS (mqtts). */
    tls: z
      .object({
        ca: z.string().min(1).optional(),
        cert: z.string().min(1).optional(),
        key: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    /** MQTT 5, or 4 (3.1.1) for brokers that lack 5. */
    protocolVersion: z.union([z.literal(5), z.literal(4)]).default(5),
    /** Set on the one desk that is the primary host: it publishes its retained STATE, and its will. */
    primaryHostId: Token.optional(),
    /** At most one rebirth request per edge node in this long. */
    rebirthDebounceMs: z.number().int().min(100).max(600_000).default(5000),
    /** How long a write (DCMD/NCMD) waits for the device to report the metric back before it is "unconfirmed". */
    commandTimeoutMs: z.number().int().min(500).max(120_000).default(5000),
  })
  .strict();
export type MqttConfig = z.infer<typeof MqttConfig>;

/** The point a metric name stands for in this profile, if any. */
export function pointOfMetric(profile: Profile, name: string): ProfilePoint | undefined {
  const key = profile.sparkplug?.metrics[name] ?? name;
  return profile.points.find((p) => p.key === key);
}

/**
 * A metric's value as the point's value. Edge nodes publish engineering
 * values; an enum point may come as its raw number or as its state name.
 * Float metrics are single precision: 7 significant digits undo the noise.
 */
export function metricValue(
  point: ProfilePoint,
  value: number | boolean | string | null,
  datatype: string,
): PointValue {
  if (value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    if (point.enum && !Object.values(point.enum).includes(value)) return `unknown(${value})`;
    return value;
  }
  if (!Number.isFinite(value)) return null;
  if (point.enum) return point.enum[String(value)] ?? `unknown(${value})`;
  return datatype === 'Float' ? Number(value.toPrecision(7)) : value;
}

/** The metric name a point goes by in this profile: the key unless the binding names it otherwise. */
export function metricOfPoint(profile: Profile, key: string): string {
  const renamed = Object.entries(profile.sparkplug?.metrics ?? {}).find(([, point]) => point === key);
  return renamed ? renamed[0] : key;
}
