/** Lower-case RFC 9562 UUID, version 7, variant 10. */
export const UUIDV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const MAX_MS = 2 ** 48 - 1;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then 74 random bits taken
 * from `random` (at least 10 bytes). Clock and randomness are parameters so
 * the layout can be tested byte for byte.
 */
export function uuidv7(nowMs: number, random: Uint8Array): string {
  return new Uuidv7Sequence(null).next(nowMs, random);
}

/**
 * The next id of a sequence that must sort in the order it was issued. A
 * fresh id when the clock has moved past `previous`; otherwise (several ids
 * in one millisecond, or the clock stepped back) `previous` plus one in its
 * random bits, as RFC 9562 §6.2 allows, so id order never contradicts
 * append order.
 */
export function nextUuidv7(previous: string | null, nowMs: number, random: Uint8Array): string {
  return new Uuidv7Sequence(previous).next(nowMs, random);
}

/**
 * nextUuidv7 for a run of ids: the last id is kept as numbers, so a batch
 * of thousands parses nothing and uses no BigInt (either costs more than
 * hashing the event). The 74 random bits are held as rand_a (12 bits) and
 * rand_b's top 14 and low 48 bits, each exact in a double.
 */
export class Uuidv7Sequence {
  private ms = Number.NEGATIVE_INFINITY;
  private a = 0;
  private hi = 0;
  private lo = 0;

  /** `previous`: the last id issued before (from storage), or null for none. */
  constructor(previous: string | null) {
    if (previous === null) return;
    if (!UUIDV7.test(previous)) throw new RangeError(`nextUuidv7: "${previous}" is not a UUIDv7`);
    this.ms = hex(previous, 0, 8) * 2 ** 16 + hex(previous, 9, 13);
    this.a = hex(previous, 15, 18);
    this.hi = hex(previous, 19, 23) & 0x3fff;
    this.lo = hex(previous, 24, 36);
  }

  /** The next id at `nowMs`, taking fresh random bits from `random[at … at + 9]` when it needs them. */
  next(nowMs: number, random: Uint8Array, at = 0): string {
    // Written so that NaN takes the checked branch and is refused.
    if (!(nowMs <= this.ms)) {
      checkTime(nowMs);
      if (random.length < at + 10) {
        throw new RangeError(`uuidv7: needs 10 random bytes, got ${Math.max(0, random.length - at)}`);
      }
      const r = (i: number) => random[at + i] ?? 0;
      this.ms = nowMs;
      this.a = ((r(0) & 0x0f) << 8) | r(1);
      this.hi = ((r(2) & 0x3f) << 8) | r(3);
      this.lo = ((r(4) << 8) | r(5)) * 2 ** 32 + (((r(6) << 24) | (r(7) << 16) | (r(8) << 8) | r(9)) >>> 0);
    } else if (++this.lo === 2 ** 48) {
      this.lo = 0;
      if (++this.hi === 2 ** 14) {
        this.hi = 0;
        if (++this.a === 2 ** 12) {
          this.a = 0;
          this.ms++;
        }
      }
    }
    return this.text();
  }

  private text(): string {
    const msHigh = Math.floor(this.ms / 2 ** 16);
    const msLow = this.ms % 2 ** 16;
    const loHigh = Math.floor(this.lo / 2 ** 32);
    const loLow = this.lo % 2 ** 32;
    const a = this.a;
    const hi = this.hi;
    return (
      `${byte(msHigh >>> 24)}${byte(msHigh >>> 16)}${byte(msHigh >>> 8)}${byte(msHigh)}-` +
      `${byte(msLow >>> 8)}${byte(msLow)}-${byte(0x70 | (a >>> 8))}${byte(a)}-` +
      `${byte(0x80 | (hi >>> 8))}${byte(hi)}-${byte(loHigh >>> 8)}${byte(loHigh)}` +
      `${byte(loLow >>> 24)}${byte(loLow >>> 16)}${byte(loLow >>> 8)}${byte(loLow)}`
    );
  }
}

function checkTime(nowMs: number): void {
  if (!Number.isSafeInteger(nowMs) || nowMs < 0 || nowMs > MAX_MS) {
    throw new RangeError(`uuidv7: time ${nowMs} is not a 48-bit count of milliseconds`);
  }
}

function byte(value: number): string {
  return HEX[value & 0xff] as string;
}

function hex(text: string, from: number, to: number): number {
  return Number.parseInt(text.slice(from, to), 16);
}
