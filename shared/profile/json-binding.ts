import { z } from 'zod';
import type { PointValue } from '../api/model';
import { metricValue } from './binding';
import type { Profile, ProfilePoint } from './schema';

/**
 * Plain JSON over MQTT, as many domestic 4G gateways publish it:
 * `{"ts":…,"data":{"Ua":230.1,…}}` on a topic of their own. A device names
 * its topic; the mapping from point keys to places in the payload comes
 * from its profile's `json` section, and the device may add to it or
 * override it. A gateway that falls silent has no death certificate: a
 * staleness timeout stands in for one.
 */

/** `data.Ua`, `$.data.guns[1].P`: object keys and array indexes, nothing else. */
const PATH = /^(\$\.)?[A-Za-z0-9_-]+(\[\d+\])*(\.[A-Za-z0-9_-]+(\[\d+\])*)*$/;

export const JsonPath = z
  .string()
  .regex(PATH, 'a path into the payload: keys joined by ".", array items as [n], e.g. data.guns[0].P');

/** Where a point's value is in the payload, and the factor from what the gateway sends to the point's unit. */
export const JsonValue = z.union([
  JsonPath,
  z
    .object({
      path: JsonPath,
      scale: z
        .number()
        .refine((n) => n !== 0, 'not 0')
        .default(1),
    })
    .strict(),
]);
export type JsonValue = z.infer<typeof JsonValue>;

/** Point key → its place in the payload. */
export const JsonValues = z.record(z.string().min(1), JsonValue);

/** In a profile: the payload layout of a gateway model. */
export const JsonBinding = z.object({ values: JsonValues }).strict();

/** An MQTT topic filter: "+" and "#" only as whole levels, "#" only last. */
const TopicFilter = z
  .string()
  .min(1)
  .max(512)
  .refine(
    (t) =>
      t
        .split('/')
        .every(
          (level, i, all) =>
            (!level.includes('+') || level === '+') &&
            (!level.includes('#') || (level === '#' && i === all.length - 1)),
        ),
    'an MQTT topic: "+" and "#" only as a whole level, "#" only at the end',
  );

/** On a device: fed by a JSON gateway through the broker at its host and port. */
export const JsonFeed = z
  .object({
    topic: TopicFilter,
    /** Added to, or overriding, the profile's `json.values`. */
    values: JsonValues.optional(),
    /** No valid message for this long: comm-lost, as a death certificate would say. */
    staleAfterMs: z.number().int().min(1000).max(3_600_000).default(60_000),
  })
  .strict();
export type JsonFeed = z.infer<typeof JsonFeed>;

export type JsonPointMap = {
  point: ProfilePoint;
  path: (string | number)[];
  scale: number;
  source: string;
}[];

/** The device's points and where each is in the payload; throws naming the field of a point its profile lacks. */
export function jsonPointMap(profile: Profile, feed: JsonFeed): JsonPointMap {
  const values = { ...(profile.json?.values ?? {}), ...(feed.values ?? {}) };
  const map: JsonPointMap = [];
  for (const [key, value] of Object.entries(values)) {
    const point = profile.points.find((p) => p.key === key);
    if (!point) {
      const where = feed.values && key in feed.values ? 'json.values' : `profile ${profile.id}: json.values`;
      throw new JsonMappingError(`${where}.${key}`, `no point "${key}" in profile ${profile.id}`);
    }
    const path = typeof value === 'string' ? value : value.path;
    map.push({
      point,
      path: segments(path),
      scale: typeof value === 'string' ? 1 : value.scale,
      source: path,
    });
  }
  if (map.length === 0)
    throw new JsonMappingError(
      'json.values',
      `nothing maps the payload to points (profile ${profile.id} has no json section)`,
    );
  return map;
}

export class JsonMappingError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function segments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of path.replace(/^\$\./, '').split('.')) {
    const [key = '', ...indexes] = part.split('[');
    out.push(key);
    for (const index of indexes) out.push(Number(index.slice(0, -1)));
  }
  return out;
}

export type JsonReading =
  | { kind: 'value'; value: PointValue }
  | { kind: 'absent' }
  | { kind: 'bad'; why: string };

/** A point's value from a parsed payload: absent when the payload does not carry it, bad when it is not a value the point takes. */
export function readJsonPoint(payload: unknown, entry: JsonPointMap[number]): JsonReading {
  let at: unknown = payload;
  for (const step of entry.path) {
    if (at === null || typeof at !== 'object') return { kind: 'absent' };
    at = (at as Record<string | number, unknown>)[step];
  }
  if (at === undefined) return { kind: 'absent' };
  if (at === null) return { kind: 'value', value: null };
  const { point, scale } = entry;
  if (typeof at === 'boolean') return { kind: 'value', value: metricValue(point, at, 'Boolean') };
  if (typeof at === 'string' && (point.enum || point.type === 'string'))
    return { kind: 'value', value: metricValue(point, at, 'String') };
  // Many gateways send numbers as text: "230.1".
  const number = typeof at === 'string' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(at) ? Number(at) : at;
  if (typeof number !== 'number' || !Number.isFinite(number))
    return { kind: 'bad', why: `${entry.source} is ${JSON.stringify(at).slice(0, 40)}, not a number` };
  return { kind: 'value', value: metricValue(point, point.enum ? number : number * scale, 'Double') };
}
