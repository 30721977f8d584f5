/**
 * A slow degradation switched on at one simulated device, with a known onset
 * and the moment it becomes a fault: ground truth for the early warnings in
 * the register-level simulator (the day-resolution fleet-year uses the same
 * shapes, sim/degradation/fleet-year.ts). Severity grows as the square of the
 * elapsed share, so the first weeks show little, as wear does.
 */
export type SlowDegradation = {
  kind: 'contact-resistance' | 'insulation-decay';
  onsetMs: number;
  faultMs: number;
};

/** 0 before onset, rising to 1 at the fault and staying there until a repair removes the degradation. */
export function slowSeverity(d: SlowDegradation, nowMs: number): number {
  if (nowMs <= d.onsetMs) return 0;
  if (nowMs >= d.faultMs) return 1;
  const share = (nowMs - d.onsetMs) / (d.faultMs - d.onsetMs);
  return share * share;
}

/** Throws a RangeError for a degradation whose fault does not come after its onset. */
export function checkSlowDegradation(d: SlowDegradation): SlowDegradation {
  if (!(Number.isFinite(d.onsetMs) && Number.isFinite(d.faultMs) && d.faultMs > d.onsetMs))
    throw new RangeError(`${d.kind}: the fault (${d.faultMs}) must come after the onset (${d.onsetMs})`);
  return d;
}
