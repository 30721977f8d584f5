/**
 * Seeded randomness so a demo fleet, a drill or a test replays the same day
 * given the same seed.
 */
export type Rng = () => number;

/** mulberry32: tiny, fast, and good enough for physics noise. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One independent stream per label (device id), so adding a station to the
 * fleet does not change what the other stations do.
 */
export function deriveSeed(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng();
}

/** Standard normal via Box–Muller. */
export function gaussian(rng: Rng): number {
  const u = 1 - rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** True with the probability that a Poisson process of `ratePerHour` fires within `dtS` seconds. */
export function poissonFires(rng: Rng, ratePerHour: number, dtS: number): boolean {
  return rng() < 1 - Math.exp((-ratePerHour * dtS) / 3600);
}
