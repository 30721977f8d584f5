import type { PointValue } from '../api/model';
import { metricValue } from './binding';
import type { ProfilePoint } from './schema';

/**
 * A field write as a Sparkplug command metric: the value in the datatype the
 * device declared for the metric in its birth, and what it will report back
 * as. A value the datatype cannot hold exactly is refused, never rounded or
 * clamped: the operator gets what they confirmed, or nothing.
 */

const INTEGER_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  Int8: [-128, 127],
  Int16: [-32_768, 32_767],
  Int32: [-2_147_483_648, 2_147_483_647],
  Int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  UInt8: [0, 255],
  UInt16: [0, 65_535],
  UInt32: [0, 4_294_967_295],
  UInt64: [0, Number.MAX_SAFE_INTEGER],
};

export type CommandValue = { value: number | boolean | string; expected: PointValue };

/** The metric value to send, or why this value cannot go to this metric. */
export function commandValue(
  point: ProfilePoint,
  datatype: string,
  value: number | string,
): CommandValue | { error: string } {
  if (point.enum) {
    const raw = Object.entries(point.enum).find(([, name]) => name === value)?.[0];
    if (typeof value !== 'string' || raw === undefined)
      return { error: `${point.key} takes one of ${Object.values(point.enum).join(', ')}, not "${value}"` };
    // A node may declare an enum metric as its state name or as its raw number.
    if (datatype === 'String') return { value, expected: value };
    return numeric(point, datatype, Number(raw));
  }
  if (point.type === 'string') {
    if (datatype !== 'String' || typeof value !== 'string')
      return { error: `${point.key} takes text, and its metric is ${datatype}` };
    return { value, expected: value };
  }
  if (typeof value !== 'number' || !Number.isFinite(value))
    return { error: `${point.key} takes a number, not "${value}"` };
  return numeric(point, datatype, value);
}

function numeric(point: ProfilePoint, datatype: string, value: number): CommandValue | { error: string } {
  const range = INTEGER_RANGES[datatype];
  const unfit = (why: string) => ({
    error: `${value} does not fit ${point.key} (Sparkplug ${datatype}: ${why})`,
  });
  if (range) {
    if (!Number.isInteger(value)) return unfit('whole numbers only');
    if (value < range[0] || value > range[1]) return unfit(`${range[0]} to ${range[1]}`);
    return { value, expected: metricValue(point, value, datatype) };
  }
  if (datatype === 'Boolean') {
    if (value !== 0 && value !== 1) return unfit('0 or 1');
    return { value: value === 1, expected: metricValue(point, value === 1, datatype) };
  }
  if (datatype === 'Float') {
    const expected = metricValue(point, Math.fround(value), datatype);
    if (expected !== value) return unfit('7 significant digits');
    return { value, expected };
  }
  if (datatype === 'Double') return { value, expected: metricValue(point, value, datatype) };
  return { error: `${point.key}: a Sparkplug ${datatype} metric cannot be written from the desk` };
}
