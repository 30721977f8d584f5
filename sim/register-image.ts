import type { PointValue } from '../shared/api/model';
import { decodePoint, decodeRaw, encodePoint } from '../shared/profile/codec';
import { type Profile, type ProfilePoint, wordCount } from '../shared/profile/schema';

/** Registers a device holds outside its profile points, e.g. SunSpec model headers. */
export type FixedBlock = { address: number; words: readonly number[] };

export type RegisterRange = { start: number; count: number };

/**
 * Undefined registers this close together are served as zeros rather than
 * refused, the way real devices expose a contiguous block with reserved words.
 */
const MERGE_GAP = 16;

const SUNSSF_NOT_IMPLEMENTED = -0x8000;

type Block = { start: number; end: number; words: Uint16Array };

/**
 * The register image of one device, sparse: only the ranges its profile
 * defines exist, and a read that touches anything else is an illegal address.
 * Holding and input tables share one address space (no profile we ship uses
 * both at the same address).
 */
export class RegisterImage {
  readonly profile: Profile;
  private readonly blocks: Block[];
  private readonly points = new Map<string, ProfilePoint>();
  private readonly writable = new Set<number>();
  private readonly pins = new Set<string>();

  constructor(profile: Profile, fixed: readonly FixedBlock[] = []) {
    this.profile = profile;
    const spans: RegisterRange[] = [];
    const owner = new Map<number, string>();
    for (const p of profile.points) {
      const n = wordCount(p);
      for (let a = p.address; a < p.address + n; a++) {
        const other = owner.get(a);
        if (other !== undefined)
          throw new Error(`${profile.id}: points ${other} and ${p.key} overlap at ${a}`);
        owner.set(a, p.key);
        if (p.writable) this.writable.add(a);
      }
      this.points.set(p.key, p);
      spans.push({ start: p.address, count: n });
    }
    for (const f of fixed) spans.push({ start: f.address, count: f.words.length });
    this.blocks = mergeSpans(spans).map((r) => ({
      start: r.start,
      end: r.start + r.count,
      words: new Uint16Array(r.count),
    }));
    for (const f of fixed) this.write(f.address, f.words);
  }

  ranges(): RegisterRange[] {
    return this.blocks.map((b) => ({ start: b.start, count: b.end - b.start }));
  }

  /**
   * A live view of `count` registers (not a copy: copy it before holding on to
   * it), or undefined when any of them is outside the defined ranges.
   */
  read(address: number, count: number): Uint16Array | undefined {
    const b = this.blockOf(address, count);
    return b?.words.subarray(address - b.start, address - b.start + count);
  }

  /** Raw register write; false (and nothing written) when outside the defined ranges. */
  write(address: number, values: ArrayLike<number>): boolean {
    const b = this.blockOf(address, values.length);
    if (!b) return false;
    for (let i = 0; i < values.length; i++) b.words[address - b.start + i] = (values[i] ?? 0) & 0xffff;
    return true;
  }

  /** Whether a Modbus client may write all of these registers. */
  isWritable(address: number, count: number): boolean {
    for (let a = address; a < address + count; a++) if (!this.writable.has(a)) return false;
    return true;
  }

  point(key: string): ProfilePoint {
    const p = this.points.get(key);
    if (!p) throw new Error(`${this.profile.id}: no point "${key}"`);
    return p;
  }

  readPoint(key: string): PointValue {
    const p = this.point(key);
    const words = this.read(p.address, wordCount(p));
    if (!words) throw new Error(`${this.profile.id}: ${key} is outside the image`);
    return decodePoint(p, words, 0, p.scaleRef === undefined ? undefined : this.exponent(p.scaleRef));
  }

  /**
   * Writes an engineering value, encoded with the point's scale (or its SunSpec
   * scale factor as currently in the image). A pinned point keeps its pinned
   * value: returns false and writes nothing.
   */
  writePoint(key: string, value: PointValue): boolean {
    if (this.pins.has(key)) return false;
    this.put(this.point(key), value);
    return true;
  }

  /** Sets a point and holds it there against the device model until unpin(). */
  pin(key: string, value: PointValue): void {
    this.put(this.point(key), value);
    this.pins.add(key);
  }

  unpin(key: string): void {
    this.pins.delete(key);
  }

  isPinned(key: string): boolean {
    return this.pins.has(key);
  }

  pinnedKeys(): string[] {
    return [...this.pins];
  }

  private put(p: ProfilePoint, value: PointValue): void {
    const exponent = p.scaleRef === undefined ? 0 : (this.exponent(p.scaleRef) ?? 0);
    this.write(p.address, encodePoint(p, value, exponent));
  }

  private exponent(sfKey: string): number | null {
    const sf = this.point(sfKey);
    const words = this.read(sf.address, 1);
    const raw = words ? decodeRaw(sf, words) : SUNSSF_NOT_IMPLEMENTED;
    return raw === SUNSSF_NOT_IMPLEMENTED ? null : raw;
  }

  private blockOf(address: number, count: number): Block | undefined {
    for (const b of this.blocks) {
      if (address >= b.start && address + count <= b.end) return b;
    }
    return undefined;
  }
}

function mergeSpans(spans: RegisterRange[]): RegisterRange[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: RegisterRange[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.start - (last.start + last.count) <= MERGE_GAP) {
      last.count = Math.max(last.count, s.start + s.count - last.start);
    } else out.push({ ...s });
  }
  return out;
}
