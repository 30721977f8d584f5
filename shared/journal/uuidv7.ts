/** Lower-case RFC 9562 UUID, version 7, variant 10. */
export const UUIDV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const MAX_MS = 2 ** 48 - 1;
const RANDOM_BITS = 74n;
const RAND_B_BITS = 62n;
const RAND_B_MASK = (1n << RAND_B_BITS) - 1n;

/**
 * A UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then 74 random bits taken
 * from `random` (at least 10 bytes). Clock and randomness are parameters so
 * the layout can be tested byte for byte.
 */
export function uuidv7(nowMs: number, random: Uint8Array): string {
  if (!Number.isSafeInteger(nowMs) || nowMs < 0 || nowMs > MAX_MS) {
    throw new RangeError(`uuidv7: time ${nowMs} is not a 48-bit count of milliseconds`);
  }
  if (random.length < 10) throw new RangeError(`uuidv7: needs 10 random bytes, got ${random.length}`);
  const r = (i: number) => BigInt(random[i] ?? 0);
  const randA = ((r(0) & 0x0fn) << 8n) | r(1);
  let randB = r(2) & 0x3fn;
  for (let i = 3; i < 10; i++) randB = (randB << 8n) | r(i);
  return compose(BigInt(nowMs), (randA << RAND_B_BITS) | randB);
}

/**
 * The next id of a sequence that must sort in the order it was issued. A
 * fresh id when the clock has moved past `previous`; otherwise (several ids
 * in one millisecond, or the clock stepped back) `previous` plus one in its
 * random bits, as RFC 9562 §6.2 allows, so id order never contradicts
 * append order.
 */
export function nextUuidv7(previous: string | null, nowMs: number, random: Uint8Array): string {
  if (previous === null) return uuidv7(nowMs, random);
  if (!UUIDV7.test(previous)) throw new RangeError(`nextUuidv7: "${previous}" is not a UUIDv7`);
  const bits = BigInt(`0x${previous.replaceAll('-', '')}`);
  const previousMs = bits >> 80n;
  if (BigInt(nowMs) > previousMs) return uuidv7(nowMs, random);
  const counter = (((bits >> 64n) & 0xfffn) << RAND_B_BITS) | (bits & RAND_B_MASK);
  const next = counter + 1n;
  if (next >> RANDOM_BITS === 0n) return compose(previousMs, next);
  return compose(previousMs + 1n, 0n);
}

function compose(ms: bigint, randomBits: bigint): string {
  const randA = randomBits >> RAND_B_BITS;
  const randB = randomBits & RAND_B_MASK;
  const bits = (ms << 80n) | (0x7n << 76n) | (randA << 64n) | (0b10n << 62n) | randB;
  const hex = bits.toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
