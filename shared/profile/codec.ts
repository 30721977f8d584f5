import type { PointValue } from '../api/model';
import { type ProfilePoint, wordCount } from './schema';

/**
 * Register words ↔ engineering values for one profile point. Shared by the
 * engine (decode) and the simulator (encode) so both read the same map.
 */

const scratch = new DataView(new ArrayBuffer(8));

function loadWords(point: ProfilePoint, words: ArrayLike<number>, offset: number): void {
  const n = wordCount(point);
  for (let i = 0; i < n; i++) {
    const w = words[offset + (point.wordOrder === 'little' ? n - 1 - i : i)] ?? 0;
    scratch.setUint16(i * 2, w);
  }
}

/** The raw integer (or float) a point holds, before scaling. */
export function decodeRaw(point: ProfilePoint, words: ArrayLike<number>, offset = 0): number {
  loadWords(point, words, offset);
  switch (point.type) {
    case 'u16':
      return scratch.getUint16(0);
    case 'i16':
    case 'sunssf':
      return scratch.getInt16(0);
    case 'u32':
      return scratch.getUint32(0);
    case 'i32':
      return scratch.getInt32(0);
    case 'f32':
      return scratch.getFloat32(0);
    case 'u64':
      return Number(scratch.getBigUint64(0));
    case 'string':
      return Number.NaN;
  }
}

function decodeString(point: ProfilePoint, words: ArrayLike<number>, offset: number): string {
  const bytes: number[] = [];
  for (let i = 0; i < wordCount(point); i++) {
    const w = words[offset + i] ?? 0;
    bytes.push(w >> 8, w & 0xff);
  }
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(new Uint8Array(end === -1 ? bytes : bytes.slice(0, end))).trim();
}

/**
 * Engineering value of a point. `scaleExponent` is the current value of the
 * point's SunSpec scale factor, when it has one. Returns null when the device
 * says "not implemented" or sends something the profile cannot represent.
 */
export function decodePoint(
  point: ProfilePoint,
  words: ArrayLike<number>,
  offset = 0,
  scaleExponent?: number | null,
): PointValue {
  if (point.type === 'string') return decodeString(point, words, offset);
  const raw = decodeRaw(point, words, offset);
  if (point.notImplemented !== undefined && raw === point.notImplemented) return null;
  if (!Number.isFinite(raw)) return null;
  if (point.enum) return point.enum[String(raw)] ?? `unknown(${raw})`;
  if (point.bits || point.type === 'sunssf') return raw;
  if (point.scaleRef !== undefined) {
    if (scaleExponent === null || scaleExponent === undefined) return null;
    return roundTo(raw * 10 ** scaleExponent, Math.max(0, -scaleExponent));
  }
  return point.scale === 1 ? raw : roundTo(raw * point.scale, decimalsOf(point.scale));
}

const decimals = new Map<number, number>();

/** Decimals a scale factor implies (0.01 → 2); cached, as this runs for every value polled. */
function decimalsOf(scale: number): number {
  let known = decimals.get(scale);
  if (known === undefined) {
    const text = String(scale);
    const dot = text.indexOf('.');
    known = dot === -1 ? 0 : text.length - dot - 1;
    decimals.set(scale, known);
  }
  return known;
}

function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** Names of the bits set in a fault word. */
export function activeBits(point: ProfilePoint, raw: number): string[] {
  if (!point.bits) return [];
  return Object.entries(point.bits)
    .filter(([bit]) => (raw >>> Number(bit)) & 1)
    .map(([, name]) => name);
}

/** Engineering value → register words (for the simulator and for writes). */
export function encodePoint(point: ProfilePoint, value: PointValue, scaleExponent = 0): number[] {
  const n = wordCount(point);
  if (point.type === 'string') {
    const bytes = new TextEncoder().encode(String(value ?? ''));
    return Array.from({ length: n }, (_, i) => ((bytes[i * 2] ?? 0) << 8) | (bytes[i * 2 + 1] ?? 0));
  }
  let raw: number;
  if (value === null) raw = point.notImplemented ?? 0;
  else if (typeof value === 'string') {
    const entry = Object.entries(point.enum ?? {}).find(([, name]) => name === value);
    if (!entry) throw new RangeError(`${point.key}: "${value}" is not one of its states`);
    raw = Number(entry[0]);
  } else if (point.bits || point.type === 'sunssf') raw = value;
  else if (point.scaleRef !== undefined) raw = value / 10 ** scaleExponent;
  else raw = value / point.scale;
  if (point.type !== 'f32') raw = Math.round(raw);
  switch (point.type) {
    case 'u16':
      scratch.setUint16(0, clamp(raw, 0, 0xffff));
      break;
    case 'i16':
    case 'sunssf':
      scratch.setInt16(0, clamp(raw, -0x8000, 0x7fff));
      break;
    case 'u32':
      scratch.setUint32(0, clamp(raw, 0, 0xffffffff));
      break;
    case 'i32':
      scratch.setInt32(0, clamp(raw, -0x80000000, 0x7fffffff));
      break;
    case 'f32':
      scratch.setFloat32(0, raw);
      break;
    case 'u64':
      scratch.setBigUint64(0, BigInt(Math.max(0, raw)));
      break;
  }
  const words = Array.from({ length: n }, (_, i) => scratch.getUint16(i * 2));
  return point.wordOrder === 'little' ? words.reverse() : words;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
